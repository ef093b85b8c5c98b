// Writes dist/fast-manifest.json: the entries of oclif.manifest.json for the commands the
// start-up fast path runs (src/fast-path.ts), so that a start reads ~3 KB instead of ~80 KB.
// Generated from oclif's own manifest at build time: the flags stay oclif's, in one source.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { FAST_COMMAND_IDS } = await import(path.join(root, 'dist', 'fast-path.js'));
const full = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8'));
const commands = Object.fromEntries(
  FAST_COMMAND_IDS.filter((id) => full.commands[id]).map((id) => [id, full.commands[id]]),
);
fs.writeFileSync(
  path.join(root, 'dist', 'fast-manifest.json'),
  `${JSON.stringify({ version: full.version, commands })}\n`,
);
console.error(`fast manifest: dist/fast-manifest.json (${Object.keys(commands).length} commands)`);
