/**
 * Everything `clawdbot` does before oclif, as ONE module (dist/main.bundle.cjs, see
 * tsup.config.ts): a closed pipe ends quietly, secret-looking arguments are redacted in all
 * output, upstream's global options are taken, `--version` and the root `--help` answer from
 * files, and the hot `models ...` commands and `doctor` run without oclif. Loading this as one
 * file instead of a dozen modules resolved through package `exports` is most of what the
 * start-up of `models status` costs above bare node.
 *
 * Returns the exit code, or undefined when oclif should run the command line (`argv`).
 */
import { takeGlobalOptions } from '@clawdbot-auth/command-kit/global-options';
import { endQuietlyOnClosedPipe } from '@clawdbot-auth/command-kit/pipe';
import { redactArgumentsInOutput } from './argv-redaction.js';
import { fastManifest, tryFastPath } from './fast-path.js';
import { tryQuick } from './quick.js';

export interface Outcome {
  /** exit code when the command ran here; undefined: run oclif with `argv` */
  code: number | undefined;
  argv: string[];
}

export async function main(raw: readonly string[], cliRoot: URL): Promise<Outcome> {
  endQuietlyOnClosedPipe();
  await redactArgumentsInOutput(raw);
  const { homedir } = process.getBuiltinModule('node:os');
  const argv = takeGlobalOptions(raw, homedir());
  if (!argv) return { code: 1, argv: [] };
  if (argv.length <= 1 && tryQuick(argv, cliRoot)) return { code: 0, argv };
  // Only `models ...` and `doctor` can take the fast path.
  const manifest = fastManifest(argv, cliRoot);
  const code = manifest ? await tryFastPath(argv, manifest) : undefined;
  return { code, argv };
}
