import type { TempHome } from './temp-home.js';

/**
 * How a test secret resolver behaves: answer protocol v1 from `values`, answer with the
 * names of the variables it was given, hang, print garbage (holding `leak`), print 10 MB,
 * or exit 3 after writing `leak` to stderr.
 */
export type ResolverBehaviour =
  | {
      kind: 'values';
      values: Record<string, string>;
      errors?: Record<string, { code?: string; message?: string }>;
    }
  | { kind: 'env-names' }
  | { kind: 'plain'; text: string }
  | { kind: 'hang' }
  | { kind: 'garbage'; leak: string }
  | { kind: 'huge' }
  | { kind: 'fail'; leak: string };

const bodies: Record<ResolverBehaviour['kind'], string> = {
  values: `const ids = req.ids ?? [];
const values = {}; const errors = {};
for (const id of ids) { if (id in B.values) values[id] = B.values[id]; else if (B.errors?.[id]) errors[id] = B.errors[id]; }
process.stdout.write(JSON.stringify({ protocolVersion: 1, values, errors }));
if (B.countFile) require('node:fs').appendFileSync(B.countFile, 'x');`,
  'env-names': `const names = Object.keys(process.env).sort().join(',');
process.stdout.write(JSON.stringify({ protocolVersion: 1, values: Object.fromEntries((req.ids ?? []).map((id) => [id, names])) }));`,
  plain: 'process.stdout.write(B.text);',
  hang: 'setInterval(() => {}, 1000);',
  garbage: "process.stdout.write('<html>oops ' + B.leak + '</html>');",
  huge: "const line = 'x'.repeat(1024 * 1024); for (let i = 0; i < 10; i++) process.stdout.write(line);",
  fail: "process.stderr.write('vault says: ' + B.leak + '\\n'); process.exit(3);",
};

let counter = 0;

/**
 * Writes an executable exec resolver (node, protocol v1) into `<HOME>/bin`, mode 0700, and
 * returns its absolute path for `secrets.providers.<name>.command`. Pass `PATH` in `passEnv`
 * (the script starts with `#!/usr/bin/env node`). `countFile`: each answered run appends one byte.
 */
export function writeResolverScript(
  home: TempHome,
  behaviour: ResolverBehaviour,
  countFile?: string,
): string {
  counter += 1;
  const data = JSON.stringify({ ...behaviour, countFile });
  const script = `#!/usr/bin/env node
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const B = ${data};
let input = '';
process.stdin.on('data', (c) => { input += c; });
process.stdin.on('end', () => {
  let req = {};
  try { req = JSON.parse(input); } catch {}
  ${bodies[behaviour.kind]}
});
`;
  return home.write(`bin/resolver-${process.pid}-${counter}.mjs`, script, 0o700);
}
