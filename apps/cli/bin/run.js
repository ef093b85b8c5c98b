#!/usr/bin/env node
// Entry of the `clawdbot` binary. Everything before oclif (closed pipes, redaction of secret
// arguments, global options, `--version`, the root `--help`, and the hot read-only `models`
// commands) is dist/main.bundle.js: src/main.ts with every package it needs in one file (see
// tsup.config.ts), so `models status` reads one module instead of hundreds. Everything else
// runs through oclif. Any error that escapes a command is printed as `Error: ...` and mapped to
// an exit code in ONE place (@clawdbot-auth/command-kit): usage errors exit 1, never oclif's 2.
import module from 'node:module';

// Cache compiled code between runs (a fifth less start-up CPU); harmless when unavailable.
module.enableCompileCache?.();
const raw = process.argv.slice(2);

// Shell completion asks for candidates on every Tab: no oclif (dist/complete.js).
if (raw[0] === '__complete') {
  (await import('@clawdbot-auth/command-kit/pipe')).endQuietlyOnClosedPipe();
  await (await import('../dist/complete.js')).runComplete(
    raw,
    new URL('../oclif.manifest.json', import.meta.url),
  );
  process.exit(0);
}
const { main } = await import('../dist/main.bundle.js');
const { code, argv } = await main(raw, new URL('../', import.meta.url));
if (code !== undefined) process.exitCode = code;
else {
  const { runCommandLine } = await import('@clawdbot-auth/command-kit/oclif');
  await runCommandLine(argv, { url: import.meta.url, bin: 'clawdbot' });
}
