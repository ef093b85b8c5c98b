/**
 * `clawdbot --version` and `clawdbot --help` without loading oclif (which costs several times
 * the command). The version needs only package.json; the root help is the text oclif itself
 * rendered at build time (dist/root-help.txt, see scripts/render-help.mjs), printed when it is
 * what oclif would print now: no user plugin adds commands, and a terminal is at least as wide
 * as the text. Otherwise this returns false and oclif answers.
 */
import { hasUserPlugins } from './fast-path.js';
import { versionText } from './version.js';

const VERSION_ARGS = new Set(['--version', '-V', '-v']);
const HELP_ARGS = new Set(['--help', '-h', 'help']);
/** Where the build put the running platform's user agent in the rendered help. */
export const USER_AGENT_MARK = '{{userAgent}}';
/** The width the help was rendered at. */
export const HELP_WIDTH = 80;

export function tryQuick(argv: readonly string[], cliRoot: URL): boolean {
  if (argv.length > 1 || process.env.CLAWDBOT_NO_FAST_PATH) return false;
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const read = (p: string | URL) => readFileSync(p, 'utf8');
  const pkg = JSON.parse(read(new URL('package.json', cliRoot))) as { name: string; version: string };
  const arg = argv[0];
  if (arg !== undefined && VERSION_ARGS.has(arg)) {
    process.stdout.write(`${versionText(pkg.version)}\n`);
    return true;
  }
  if (arg !== undefined && !HELP_ARGS.has(arg)) return false;
  if (process.stdout.isTTY && (process.stdout.columns ?? HELP_WIDTH) < HELP_WIDTH) return false;
  if (hasUserPlugins(process.env, read)) return false;
  let help: string;
  try {
    help = read(new URL('dist/root-help.txt', cliRoot));
  } catch {
    return false;
  }
  const userAgent = `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}`;
  process.stdout.write(help.replace(USER_AGENT_MARK, userAgent));
  return true;
}
