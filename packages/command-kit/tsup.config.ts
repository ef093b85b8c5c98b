import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `.` never loads oclif (the CLI's fast path bundles it), `./oclif` does; `./pipe` is the
// one rule a bin needs before it knows which path it takes (tiny, for start-up), and so is
// `./global-options` (--profile, --dev, --no-color).
export default defineConfig(
  packageBuild({ entry: ['src/index.ts', 'src/oclif.ts', 'src/pipe.ts', 'src/global-options.ts'] }),
);
