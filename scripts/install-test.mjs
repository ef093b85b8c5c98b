// The packed CLI, installed as a user would (`npm install -g <tarball>`, offline, into a temp
// prefix) and run from a clean HOME: `clawdbot --version`, `clawdbot models status` (no
// credential: exit 0, "Missing auth" named), `--check` (exit 1) and a key from the environment.
// Prints one line per check and exits 1 on the first failure. Run by `scripts/dev test`.
// Usage: node scripts/install-test.mjs <tarball>
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tarball = path.resolve(process.argv[2] ?? '');
if (!process.argv[2] || !fs.existsSync(tarball)) {
  console.error('usage: node scripts/install-test.mjs <tarball from scripts/dev pack>');
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clawdbot-install-'));
const prefix = path.join(tmp, 'prefix');
const home = path.join(tmp, 'home');
fs.mkdirSync(home);
let failed = 0;

function check(what, ok, detail = '') {
  console.log(`install test: ${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n${detail}`}`);
  if (!ok) failed += 1;
}

try {
  // --offline: every dependency is inside the tarball; nothing may come from a registry.
  execFileSync(
    'npm',
    [
      'install',
      '-g',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefix',
      prefix,
      tarball,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache') },
    },
  );
  const bin = path.join(prefix, 'bin', 'clawdbot');
  check('npm install -g puts clawdbot on the prefix PATH', fs.existsSync(bin));
  const env = {
    PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    NO_COLOR: '1',
  };
  const run = (args, extra = {}) =>
    spawnSync('clawdbot', args, {
      cwd: home,
      env: { ...env, ...extra },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  const v = run(['--version']);
  check(
    'clawdbot --version exits 0 and names a version',
    v.status === 0 && /\d+\.\d+\.\d+/.test(v.stdout),
    v.stdout + v.stderr,
  );
  const s = run(['models', 'status']);
  check('clawdbot models status from a clean HOME exits 0', s.status === 0, s.stdout + s.stderr);
  const c = run(['models', 'status', '--check']);
  check('clawdbot models status --check with no credential exits 1', c.status === 1, c.stdout + c.stderr);
  const key = `sk-ant-api03-INSTALLTEST${'x'.repeat(24)}`;
  const k = run(['models', 'status', '--check', '--json'], { ANTHROPIC_API_KEY: key });
  check(
    'a key from the environment is found by the installed CLI (--check 0, key never printed)',
    k.status === 0 && !`${k.stdout}${k.stderr}`.includes(key.slice(13)),
    k.stdout + k.stderr,
  );
  const d = run(['doctor', '--non-interactive']);
  check('clawdbot doctor (the bundled plugin) runs', d.status === 0 || d.status === 1, d.stdout + d.stderr);
} catch (error) {
  check('install', false, String(error));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
