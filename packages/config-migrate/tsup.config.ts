import { defineConfig } from 'tsup';

export default defineConfig({
  // json-schema: its own entry, so loading the package never loads zod's JSON Schema generator
  entry: { index: 'src/index.ts', 'json-schema': 'src/json-schema.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
});
