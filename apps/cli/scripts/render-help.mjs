// Renders `clawdbot --help` with oclif once, at build time, into dist/root-help.txt, which
// bin/run.cjs prints without loading oclif (src/quick.ts). Rendered as oclif renders it off a
// terminal (80 columns, no colour), with no user plugin (an empty data dir), and with the
// platform's user agent replaced by a mark filled in at run time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const { USER_AGENT_MARK } = await import(path.join(root, 'dist', 'quick.js'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'clawdbot-help-'));
try {
  const text = execFileSync(process.execPath, [path.join(root, 'bin', 'run.cjs'), '--help'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: empty,
      XDG_DATA_HOME: empty,
      CLAWDBOT_NO_FAST_PATH: '1',
      NO_COLOR: '1',
      COLUMNS: '80',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const userAgent = `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}`;
  if (!text.includes(userAgent)) throw new Error(`render-help: the help does not show ${userAgent}`);
  fs.writeFileSync(path.join(root, 'dist', 'root-help.txt'), text.replace(userAgent, USER_AGENT_MARK));
  console.error('root help: dist/root-help.txt');
} finally {
  fs.rmSync(empty, { recursive: true, force: true });
}
