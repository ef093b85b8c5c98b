import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// json-schema: its own entry, so loading the package never loads zod's JSON Schema generator
export default defineConfig(
  packageBuild({ entry: { index: 'src/index.ts', 'json-schema': 'src/json-schema.ts' } }),
);
