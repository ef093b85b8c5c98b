import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';
import { esmBuiltins, lazyBuiltins } from './scripts/lazy-builtins.js';

export default defineConfig([
  // One output file per source file: oclif loads only the command it runs (lean start-up).
  packageBuild({
    entry: ['src/**/*.ts'],
    bundle: false,
    dts: { entry: 'src/index.ts' },
    // Built in parallel by the other two configs: never clean them away.
    clean: ['!main.bundle.cjs', '!main.bundle.cjs.map', '!code-cache.cjs', '!code-cache.cjs.map'],
  }),
  // Start-up (bin/run.cjs): src/main.ts, the fast path included, with every workspace package
  // and dependency in ONE file; one read and no module resolution instead of dozens. CommonJS:
  // bin/run.cjs compiles it through a code cache of its own (src/code-cache.ts), which takes
  // scripts, not ES modules.
  {
    entry: { 'main.bundle': 'src/main.ts' },
    format: ['cjs'],
    platform: 'node',
    bundle: true,
    splitting: false,
    noExternal: [/^(?!etcd3$|cockatiel$|@napi-rs\/keyring$|@inquirer\/prompts$)/],
    // the etcd client (gRPC) loads only with the etcd store backend, from node_modules; the
    // keyring binding (a native binary) only when a secret is read from or written to the keyring;
    // prompts (with their 0.5 MB of character-set tables) only when a command asks something
    external: ['etcd3', 'cockatiel', '@napi-rs/keyring', '@inquirer/prompts'],
    clean: false,
    sourcemap: true,
    // loaded on first use: what `models status` never calls costs it nothing
    esbuildPlugins: [
      lazyBuiltins(['crypto', 'fs/promises']),
      esmBuiltins(['fs', 'path', 'os', 'module', 'url']),
    ],
    esbuildOptions(o) {
      // externals and built-ins load with require() (node >= 22.12 requires ES modules too): an
      // import() inside the bundle, which bin/run.cjs compiles with vm.Script, would need vm's
      // experimental loader option and print an ExperimentalWarning on stderr
      o.supported = { ...o.supported, 'dynamic-import': false };
      o.minifyWhitespace = true;
      o.minifySyntax = true;
      o.minifyIdentifiers = true;
    },
    target: 'node22',
    // import.meta.url (createRequire of node built-ins) as the bundle's own file URL
    shims: true,
  },
  // The loader of that bundle, required by bin/run.cjs before anything else.
  {
    entry: { 'code-cache': 'src/code-cache.ts' },
    format: ['cjs'],
    platform: 'node',
    clean: false,
    sourcemap: true,
    target: 'node22',
  },
]);
