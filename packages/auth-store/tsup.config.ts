import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    // secret-shape: the CLI entry checks its arguments with it before loading anything else.
    // json-schema: loading the package never loads zod's JSON Schema generator.
    entry: {
      index: 'src/index.ts',
      'secret-shape': 'src/policy/secret-shape.ts',
      'json-schema': 'src/json-schema.ts',
    },
  }),
);
