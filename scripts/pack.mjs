// Packs the `clawdbot` CLI into one installable tarball with every workspace package and
// third-party dependency inside it (npm `bundleDependencies`), so that a user installs it with
//   npm install -g ./clawdbot-auth-cli-<version>.tgz
// and nothing is fetched from a registry. Run through `scripts/dev pack` (which builds first).
// Usage: node scripts/pack.mjs [out dir]   (default: dist-pack/)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist-pack'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clawdbot-pack-'));
const app = path.join(work, 'clawdbot');

try {
  // A production copy of apps/cli with a flat node_modules holding the built workspace packages.
  execFileSync(
    'pnpm',
    [
      '--filter',
      '@clawdbot-auth/cli',
      '--config.node-linker=hoisted',
      // copies, not hard links: the manifests below are edited in place
      '--config.package-import-method=copy',
      'deploy',
      '--prod',
      '--legacy',
      app,
    ],
    { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] },
  );

  // npm does not know pnpm's `workspace:` ranges: pin each to the version that was copied in.
  const scope = path.join(app, 'node_modules', '@clawdbot-auth');
  const versionOf = (name) =>
    JSON.parse(fs.readFileSync(path.join(scope, name.split('/')[1], 'package.json'), 'utf8')).version;
  const manifests = [
    path.join(app, 'package.json'),
    ...fs.readdirSync(scope).map((d) => path.join(scope, d, 'package.json')),
  ];
  for (const file of manifests) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete pkg.devDependencies;
    delete pkg.scripts;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        if (String(range).startsWith('workspace:')) pkg[field][name] = versionOf(name);
      }
    }
    if (file === manifests[0]) pkg.bundleDependencies = Object.keys(pkg.dependencies ?? {});
    // a new file, never the old inode (which could be a link into the workspace)
    fs.rmSync(file);
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }

  fs.mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
    cwd: app,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .pop();
  const tarball = path.join(out, name);
  console.error(
    `packed ${path.relative(process.cwd(), tarball)} (${(fs.statSync(tarball).size / 1048576).toFixed(1)} MiB)`,
  );
  console.log(tarball);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
