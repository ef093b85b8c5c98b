#!/usr/bin/env node
// Cost of one auth event journal record, in-process: recordAuthEvent (open O_APPEND, fstat,
// one write, close) timed per call over many events into a temp state dir, p50 / p99 / max.
// Also the same with a journal near its 10 MiB limit, so the rotation path is in the figures.
// Writes bench/results/journal.json.
//
//   node bench/journal.mjs [--events 5000]
//
// Needs packages/auth-store/dist: pnpm --filter @clawdbot-auth/auth-store run build
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argValue, repoRoot, writeResult } from './_lib.mjs';

const events = Number(argValue('--events', 5000));
const dist = path.join(repoRoot, 'packages', 'auth-store', 'dist', 'index.js');
const { authEventsPath, JOURNAL_MAX_BYTES, recordAuthEvent } = await import(pathToFileURL(dist).href);

function run(label, prepare) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-journal-'));
  const ctx = {
    env: { HOME: home, CLAWDBOT_STATE_DIR: path.join(home, '.clawdbot') },
    homedir: home,
    cwd: home,
    platform: process.platform,
    now: Date.now,
    command: 'bench',
  };
  prepare?.(ctx);
  const input = {
    event: 'token-issued',
    agent: 'main',
    profileId: 'anthropic:bench',
    fingerprint: '3f9a0c1e',
    generation: '7b21d0aa',
    cause: 'token',
    store: path.join(home, '.clawdbot/agents/main/agent/auth-profiles.json'),
  };
  for (let i = 0; i < 50; i++) recordAuthEvent(ctx, input); // warm-up
  const us = [];
  for (let i = 0; i < events; i++) {
    const t0 = process.hrtime.bigint();
    recordAuthEvent(ctx, input);
    us.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  fs.rmSync(home, { recursive: true, force: true });
  us.sort((a, b) => a - b);
  const at = (q) => us[Math.min(us.length - 1, Math.floor(q * us.length))];
  return { label, events, p50Us: at(0.5), p99Us: at(0.99), maxUs: us.at(-1) };
}

const rows = [
  run('append'),
  run('append, rotating at 10 MiB', (ctx) => {
    const file = authEventsPath(ctx);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // A journal a few records short of the limit: the run crosses it and rotates.
    fs.writeFileSync(file, Buffer.alloc(JOURNAL_MAX_BYTES - 100_000, 'x'), { mode: 0o600 });
  }),
];
console.log(`journal: ${events} records per run, in-process (microseconds per record)`);
for (const r of rows)
  console.log(
    `${r.label.padEnd(30)} p50 ${r.p50Us.toFixed(1)} us   p99 ${r.p99Us.toFixed(1)} us   max ${r.maxUs.toFixed(0)} us`,
  );
console.log(`wrote ${writeResult('journal', { rows })}`);
