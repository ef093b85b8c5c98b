import { defineConfig } from 'tsup';

export default defineConfig({
  // secret-shape: the CLI entry checks its arguments with it before loading anything else.
  entry: { index: 'src/index.ts', 'secret-shape': 'src/policy/secret-shape.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
});
