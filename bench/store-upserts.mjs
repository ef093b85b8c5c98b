#!/usr/bin/env node
// Store write throughput: 1, 4 and 16 processes upserting their own profile into ONE
// auth-profiles.json at the same time (each upsert: lock, re-read, atomic 0600 write, fsync,
// rename). Prints upserts per second for each process count and writes
// bench/results/store-upserts.json. The store lives in a temp dir on the normal tmp disk.
//
//   node bench/store-upserts.mjs [--per-process 200]
//
// Needs packages/auth-store/dist: pnpm --filter @clawdbot-auth/auth-store run build
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { argValue, repoRoot, writeResult } from './_lib.mjs';

const dist = path.join(repoRoot, 'packages', 'auth-store', 'dist', 'index.js');
const self = fileURLToPath(import.meta.url);

/** Worker: wait for the common start time, upsert `count` times, print {start, end}. */
async function worker(startAt, count, id) {
  const { upsertProfile } = await import(pathToFileURL(dist).href);
  const ctx = {
    env: process.env,
    homedir: os.homedir(),
    cwd: process.cwd(),
    platform: process.platform,
    now: Date.now,
  };
  const cred = (n) => ({ type: 'api_key', provider: 'anthropic', key: `bench-not-a-secret-${id}-${n}` });
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const start = Date.now();
  for (let n = 1; n <= count; n++) await upsertProfile(ctx, 'main', `anthropic:bench${id}`, cred(n));
  process.stdout.write(JSON.stringify({ start, end: Date.now() }));
}

function runOne(env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--worker', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exit ${code}`)),
    );
  });
}

async function round(processes, perProcess) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  const env = { ...process.env, HOME: dir, CLAWDBOT_STATE_DIR: path.join(dir, '.clawdbot') };
  try {
    const startAt = Date.now() + 1500; // every process has loaded the package by then
    const ids = Array.from({ length: processes }, (_, i) => String(i));
    const runs = await Promise.all(ids.map((id) => runOne(env, [String(startAt), String(perProcess), id])));
    const seconds = (Math.max(...runs.map((r) => r.end)) - Math.min(...runs.map((r) => r.start))) / 1000;
    const total = processes * perProcess;
    return { processes, upserts: total, seconds, upsertsPerSecond: Math.round(total / seconds) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--worker') {
  const [startAt, count, id] = process.argv.slice(3);
  await worker(Number(startAt), Number(count), id);
} else {
  if (!fs.existsSync(dist)) {
    console.error(
      'bench: packages/auth-store/dist is missing; run: pnpm --filter @clawdbot-auth/auth-store run build',
    );
    process.exit(1);
  }
  const perProcess = Number(argValue('--per-process', 200));
  const rounds = [];
  for (const processes of [1, 4, 16]) {
    const r = await round(processes, perProcess);
    rounds.push(r);
    console.log(
      `${String(processes).padStart(2)} process(es): ${r.upsertsPerSecond} upserts/s (${r.upserts} in ${r.seconds.toFixed(2)} s)`,
    );
  }
  const file = writeResult('store-upserts', { cpus: os.cpus().length, perProcess, rounds });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
