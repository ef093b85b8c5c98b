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
const argv = process.argv.slice(2);
// Both paths end quietly on a closed pipe (`clawdbot ... | head`): see endQuietlyOnClosedPipe.
// Only `models ...` can take the fast path: other commands do not even load the bundle.
const fast =
  argv[0] === 'models'
    ? await import('../dist/fast-path.bundle.js').then((m) =>
        m.tryFastPath(argv, new URL('../oclif.manifest.json', import.meta.url)),
      )
    : undefined;
if (fast !== undefined) process.exitCode = fast;
else {
  const { runCommandLine } = await import('@clawdbot-auth/command-kit/oclif');
  await runCommandLine(argv, { url: import.meta.url, bin: 'clawdbot' });
}
