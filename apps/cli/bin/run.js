#!/usr/bin/env node
// Entry of the `clawdbot` binary. Hot read-only commands take a fast path that skips
// loading oclif (start-up cost); everything else runs through oclif. The fast path is
// dist/fast-path.bundle.js: src/fast-path.ts with every package it needs in one file
// (see tsup.config.ts), so `models status` reads one module instead of hundreds. Any error that
// escapes a command is printed as `Error: ...` and mapped to an exit code in ONE place
// (@clawdbot-auth/command-kit): usage errors exit 1, never oclif's default 2.
import module from 'node:module';

// Cache compiled code between runs (a fifth less start-up CPU); harmless when unavailable.
module.enableCompileCache?.();
const raw = process.argv.slice(2);
// A closed pipe (`clawdbot ... | head`) is not an error, on every path (the kit's one rule).
(await import('@clawdbot-auth/command-kit/pipe')).endQuietlyOnClosedPipe();

// A secret typed as an argument (`paste-token sk-ant-…`) is redacted in everything we print.
if (raw[0] !== '__complete')
  await import('../dist/argv-redaction.js').then((m) => m.redactArgumentsInOutput(raw));

// Shell completion asks for candidates on every Tab: no oclif (dist/complete.js).
if (raw[0] === '__complete') {
  await (await import('../dist/complete.js')).runComplete(
    raw,
    new URL('../oclif.manifest.json', import.meta.url),
  );
  process.exit(0);
}
// Upstream's global options (--profile <name>, --dev, --no-color), before or after the command:
// they set CLAWDBOT_STATE_DIR / CLAWDBOT_CONFIG_PATH / NO_COLOR for every path below.
const { takeGlobalOptions } = await import('@clawdbot-auth/command-kit/global-options');
const argv = takeGlobalOptions(raw, (await import('node:os')).homedir());
if (!argv) process.exit(1);
// `--version` and the root `--help` need no command at all (dist/quick.js).
const quick =
  argv.length <= 1 && (await import('../dist/quick.js')).tryQuick(argv, new URL('../', import.meta.url));
// Only `models ...` can take the fast path: other commands do not even load the bundle.
const fast = quick
  ? 0
  : argv[0] === 'models'
    ? await import('../dist/fast-path.bundle.js').then((m) =>
        m.tryFastPath(argv, new URL('../oclif.manifest.json', import.meta.url)),
      )
    : undefined;
if (fast !== undefined) process.exitCode = fast;
else {
  const { runCommandLine } = await import('@clawdbot-auth/command-kit/oclif');
  await runCommandLine(argv, { url: import.meta.url, bin: 'clawdbot' });
}
