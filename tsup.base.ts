import type { Options } from 'tsup';

/**
 * The build every package shares (each package's tsup.config.ts starts from it): ESM for
 * Node 22, type declarations, source maps, a clean dist; `overrides` say what differs.
 */
export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node22',
    ...overrides,
  };
}
