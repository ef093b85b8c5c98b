#!/usr/bin/env node
// Entry of the `clawdbot` binary. Everything before oclif (closed pipes, redaction of secret
// arguments, global options, `--version`, the root `--help`, and the hot `models` commands and
// `doctor`) is dist/main.bundle.cjs: src/main.ts with every package it needs in one file (see
// tsup.config.ts), loaded through a code cache made after the command ran
// (src/code-cache.ts). Everything else runs through oclif. CommonJS on purpose: an ES module
// entry costs node its ESM loader before our first line. Any error that escapes a command is
// printed as `Error: ...` and mapped to an exit code in ONE place (@clawdbot-auth/command-kit):
// usage errors exit 1, never oclif's 2.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const raw = process.argv.slice(2);
const dist = path.join(__dirname, '..', 'dist');

/** Node's compile cache, for the modules loaded the usual way (oclif, completion). */
const enableCompileCache = () => require('node:module').enableCompileCache?.();

async function run() {
  // Shell completion asks for candidates on every Tab: no oclif (dist/complete.js).
  if (raw[0] === '__complete') {
    enableCompileCache();
    (await import('@clawdbot-auth/command-kit/pipe')).endQuietlyOnClosedPipe();
    const { runComplete } = await import(pathToFileURL(path.join(dist, 'complete.js')).href);
    await runComplete(raw, pathToFileURL(path.join(__dirname, '..', 'oclif.manifest.json')));
    process.exit(0);
  }
  const { loadWithCodeCache, cacheKey } = require('../dist/code-cache.cjs');
  const startup = loadWithCodeCache(path.join(dist, 'main.bundle.cjs'), { key: cacheKey(raw) });
  const { code, argv } = await startup.exports.main(raw, pathToFileURL(`${path.join(__dirname, '..')}/`));
  startup.save(code === 0);
  if (code !== undefined) process.exitCode = code;
  else {
    enableCompileCache();
    const { runCommandLine } = await import('@clawdbot-auth/command-kit/oclif');
    await runCommandLine(argv, { url: pathToFileURL(__filename).href, bin: 'clawdbot' });
  }
}
run().catch((err) => {
  // nothing above throws on purpose: an escaped error is a bug, reported as node would
  process.exitCode = 1;
  throw err;
});
