// Writes schema/clawdbot-config.schema.json from the built package (run by `build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfigJsonSchema } from '../dist/json-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'clawdbot-config.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`);
