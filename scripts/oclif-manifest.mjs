// Writes oclif.manifest.json for a package (so the CLI never scans command files at start-up).
// Usage: node scripts/oclif-manifest.mjs <package dir>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(process.argv[2] ?? '.');
const require = createRequire(path.join(root, 'package.json'));
const { Plugin } = await import(pathToFileURL(require.resolve('@oclif/core')).href);
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
fs.writeFileSync(path.join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2) + '\n');
console.error(
  `oclif manifest: ${Object.keys(plugin.manifest.commands).length} commands in ${path.relative(process.cwd(), root) || '.'}`,
);
