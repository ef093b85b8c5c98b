// Small helpers shared by the benchmarks: timing whole processes with GNU time (wall and
// peak RSS), medians, and writing results.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const hasGnuTime = fs.existsSync('/usr/bin/time');

/** Run argv once; returns { ms, rssKb, code }. Peak RSS comes from GNU time when present. */
export function timeOnce(argv, { env, cwd, input } = {}) {
  const out = path.join(os.tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const cmd = hasGnuTime ? ['/usr/bin/time', '-f', '%M', '-o', out, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { env, cwd, input, stdio: ['pipe', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKb = null;
  if (hasGnuTime) {
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    rssKb = Number(lines.at(-1));
    fs.rmSync(out, { force: true });
  }
  return { ms, rssKb, code: r.status };
}

/** Run argv `runs` times after one warm-up; returns medians. */
export function measure(argv, opts = {}, runs = 10) {
  timeOnce(argv, opts);
  const samples = Array.from({ length: runs }, () => timeOnce(argv, opts));
  return {
    runs,
    medianMs: median(samples.map((s) => s.ms)),
    minMs: Math.min(...samples.map((s) => s.ms)),
    maxMs: Math.max(...samples.map((s) => s.ms)),
    medianRssKb: hasGnuTime ? median(samples.map((s) => s.rssKb)) : null,
    exitCodes: [...new Set(samples.map((s) => s.code))],
  };
}

export function writeResult(name, data) {
  const dir = path.join(benchDir, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...data }, null, 2)}\n`,
  );
  return file;
}

export function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
