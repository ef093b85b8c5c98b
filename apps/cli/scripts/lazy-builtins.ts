import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

/** An esbuild resolve filter for `name` and `node:name` of each built-in (a typo fails the build). */
function builtinFilter(plugin: string, names: readonly string[]): RegExp {
  for (const n of names)
    if (!builtinModules.includes(n)) throw new Error(`${plugin}: ${n} is not a node built-in`);
  return new RegExp(`^(node:)?(${names.map((n) => n.replace(/[/]/g, '\\/')).join('|')})$`);
}

/**
 * An esbuild plugin for the start-up bundle: the node built-ins named here load on first use,
 * not when the bundle starts. A bundled module's `import fs from 'node:fs/promises'` (or a
 * dependency's `require('crypto')`, as dotenv does for a feature we never call) otherwise
 * loads the built-in, and what it pulls in (readline and streams; all of node's crypto), on
 * every start: a few milliseconds that `models status` spends for nothing.
 *
 * Each becomes a proxy of the real module: a property read loads it. Its own keys are the
 * built-in's export names, taken from the node that builds, so esbuild's interop (which copies
 * the export names) does not load it either.
 */
export function lazyBuiltins(names: readonly string[]): Plugin {
  const filter = builtinFilter('lazyBuiltins', names);
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({ filter }, (args) => ({
        path: args.path.replace(/^node:/, ''),
        namespace: 'lazy-builtin',
      }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
        const real = (await import(`node:${args.path}`)) as Record<string, unknown>;
        const keys = Object.keys(real.default ?? real).filter((k) => k !== 'default');
        return {
          loader: 'js',
          contents: `// node:${args.path}, loaded on first use (see apps/cli/scripts/lazy-builtins.ts)
let real;
const load = () => (real ??= process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)}));
const keys = ${JSON.stringify(keys)};
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => keys,
  getOwnPropertyDescriptor: (_, key) =>
    keys.includes(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined,
});
`,
        };
      });
    },
  };
}

/**
 * An esbuild plugin for the start-up bundle: the node built-ins named here are served to ES
 * module importers as one ES module each (a default export and one named export per function),
 * instead of esbuild's CommonJS interop, which copies the built-in's whole export list into a
 * new object for every module that writes `import fs from 'node:fs'` (some sixty copies of
 * `fs` and `path` at start-up, a millisecond). `require()` calls are left as they are.
 */
export function esmBuiltins(names: readonly string[]): Plugin {
  const filter = builtinFilter('esmBuiltins', names);
  return {
    name: 'esm-builtins',
    setup(build) {
      build.onResolve({ filter }, (args) =>
        args.kind === 'import-statement'
          ? { path: args.path.replace(/^node:/, ''), namespace: 'esm-builtin' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'esm-builtin' }, async (args) => {
        const real = (await import(`node:${args.path}`)) as { default: Record<string, unknown> };
        // data properties only: a getter (fs.promises) stays a property read of the default export
        const names = Object.entries(Object.getOwnPropertyDescriptors(real.default))
          .filter(([k, d]) => 'value' in d && k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k))
          .map(([k]) => k);
        return {
          loader: 'js',
          contents: `const m = process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)});
export default m;
export const { ${names.join(', ')} } = m;
`,
        };
      });
    },
  };
}
