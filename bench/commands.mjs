#!/usr/bin/env node
// Every command a user types often, as a ratio to `node -e 0` measured in the same run
// (whole process, median of several runs, the two interleaved so machine drift hits both),
// plus peak RSS. Goal: each within 2x the floor's wall time and 60 MiB.
// State: a key in ~/.clawdbot/.env and a Claude Code login (what a typical user has).
//
//   node bench/commands.mjs [--runs 10]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, median, repoRoot, timeOnce, writeResult } from './_lib.mjs';

const runs = Number(argValue('--runs', 10));
const bin = path.join(repoRoot, 'apps', 'cli', 'bin', 'run.cjs');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-commands-'));
const write = (rel, text) => {
  const p = path.join(home, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
  fs.writeFileSync(p, text, { mode: 0o600 });
};
write('.clawdbot/.env', 'ANTHROPIC_API_KEY=sk-ant-api03-BENCHFIXTURE000001notarealsecretvalue\n');
write(
  '.claude/.credentials.json',
  JSON.stringify({
    claudeAiOauth: {
      accessToken: 'sk-ant-oat01-BENCHFIXTURE000002notarealsecretvalue',
      refreshToken: 'sk-ant-ort01-BENCHFIXTURE000003notarealsecretvalue',
      expiresAt: Date.now() + 10 * 86_400_000,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
    },
  }),
);
const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' };

const commands = [
  ['models', 'status'],
  ['models', 'status', '--json'],
  ['models', 'auth', 'list'],
  ['models', 'auth', 'order', 'get', '--provider', 'anthropic'],
  ['models', 'auth', 'token', '--provider', 'anthropic'],
  ['doctor', '--non-interactive'],
  ['--help'],
  ['--version'],
];
const floorArgv = [process.execPath, '-e', '0'];
const rows = [];
for (const cmd of commands) {
  const argv = [process.execPath, bin, ...cmd];
  timeOnce(argv, { env, cwd: home });
  timeOnce(floorArgv, { env, cwd: home });
  const ours = [];
  const floor = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timeOnce(argv, { env, cwd: home }));
    floor.push(timeOnce(floorArgv, { env, cwd: home }));
  }
  const ms = median(ours.map((s) => s.ms));
  const floorMs = median(floor.map((s) => s.ms));
  const rssKb = ours[0].rssKb == null ? null : median(ours.map((s) => s.rssKb));
  rows.push({
    command: cmd.join(' '),
    ms,
    floorMs,
    ratio: ms / floorMs,
    rssKb,
    exitCodes: [...new Set(ours.map((s) => s.code))],
  });
}
fs.rmSync(home, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
console.log(`runs: ${runs} per command, each interleaved with node -e 0; goal: ratio <= 2.0, peak <= 60 MiB`);
console.log(
  ['command', 'ms', 'node -e 0 ms', 'ratio', 'peak MiB', 'exit', 'goal']
    .map((h, i) => pad(h, i ? 14 : 48))
    .join(''),
);
for (const r of rows) {
  const mib = r.rssKb == null ? null : r.rssKb / 1024;
  const ok = r.ratio <= 2 && (mib == null || mib <= 60);
  console.log(
    [
      r.command,
      r.ms.toFixed(0),
      r.floorMs.toFixed(0),
      `${r.ratio.toFixed(2)}x`,
      mib == null ? '-' : mib.toFixed(1),
      r.exitCodes.join('|'),
      ok ? 'met' : 'NOT met',
    ]
      .map((c, i) => pad(c, i ? 14 : 48))
      .join(''),
  );
}
console.log(`results: ${path.relative(process.cwd(), writeResult('commands', { rows }))}`);
