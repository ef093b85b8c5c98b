import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig([
  // One output file per source file: oclif loads only the command it runs (lean start-up).
  packageBuild({
    entry: ['src/**/*.ts'],
    bundle: false,
    dts: { entry: 'src/index.ts' },
    // Built in parallel by the second config: never clean it away.
    clean: ['!main.bundle.js', '!main.bundle.js.map'],
  }),
  // Start-up (bin/run.js): src/main.ts, the fast path included, with every workspace package
  // and dependency in ONE file; one read and no module resolution instead of dozens.
  {
    entry: { 'main.bundle': 'src/main.ts' },
    format: ['esm'],
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
    esbuildOptions(o) {
      o.minifyWhitespace = true;
      o.minifySyntax = true;
    },
    target: 'node22',
    // CommonJS dependencies (dotenv, proper-lockfile, ...) call require() for node built-ins.
    banner: {
      js: "import { createRequire as __cjsRequire } from 'node:module';\nconst require = __cjsRequire(import.meta.url);",
    },
  },
]);
