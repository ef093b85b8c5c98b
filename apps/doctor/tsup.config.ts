import { defineConfig } from 'tsup';

// One output file per source file: oclif loads only the command it runs (lean start-up).
export default defineConfig({
  entry: ['src/**/*.ts'],
  format: ['esm'],
  bundle: false,
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node22',
});
