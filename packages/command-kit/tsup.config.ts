import { defineConfig } from 'tsup';

// Two entries: `.` never loads oclif (the CLI's fast path bundles it), `./oclif` does.
export default defineConfig({
  entry: ['src/index.ts', 'src/oclif.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
});
