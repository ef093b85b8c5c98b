import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// One output file per source file: oclif loads only the command it runs (lean start-up).
export default defineConfig(
  packageBuild({ entry: ['src/**/*.ts'], bundle: false, dts: { entry: 'src/index.ts' } }),
);
