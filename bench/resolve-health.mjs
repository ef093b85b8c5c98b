#!/usr/bin/env node
// Resolver and health speed: resolveCandidates + buildAuthHealthReport + checkExitCode over a
// store of 1, 100 and 1000 profiles of one provider (mixed types, some cooling down, some
// expired, an explicit order for half of them), in process. Prints the median per call and
// writes bench/results/resolve-health.json.
//
//   node bench/resolve-health.mjs [--iterations 200]
//
// Needs packages/auth-store/dist: pnpm --filter @clawdbot-auth/auth-store run build
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argValue, median, repoRoot, writeResult } from './_lib.mjs';

const dist = path.join(repoRoot, 'packages', 'auth-store', 'dist', 'index.js');
if (!fs.existsSync(dist)) {
  console.error(
    'bench: packages/auth-store/dist is missing; run: pnpm --filter @clawdbot-auth/auth-store run build',
  );
  process.exit(1);
}
const auth = await import(pathToFileURL(dist).href);
const iterations = Number(argValue('--iterations', 200));
const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const fake = (p, n) => `${p}BENCHFIXTURE${String(n).padStart(6, '0')}notarealsecretvalue`;

/** A store of `n` anthropic profiles: a third oauth, a third token, a third api_key. */
function makeStore(n) {
  const profiles = {};
  const usageStats = {};
  for (let i = 0; i < n; i++) {
    const id = `anthropic:p${i}`;
    const kind = i % 3;
    profiles[id] =
      kind === 0
        ? {
            type: 'oauth',
            provider: 'anthropic',
            access: fake('sk-ant-oat01-', i),
            refresh: fake('sk-ant-ort01-', i),
            expires: NOW + (i % 7) * HOUR - HOUR,
          }
        : kind === 1
          ? {
              type: 'token',
              provider: 'anthropic',
              token: fake('sk-ant-oat01-', i),
              expires: NOW + (i % 50) * HOUR - HOUR,
            }
          : { type: 'api_key', provider: 'anthropic', key: fake('sk-ant-api03-', i) };
    usageStats[id] = { lastUsed: NOW - i * 1000, ...(i % 10 === 0 ? { cooldownUntil: NOW + i * 1000 } : {}) };
  }
  const ids = Object.keys(profiles);
  return { version: 1, profiles, usageStats, order: { anthropic: ids.slice(0, Math.ceil(n / 2)) } };
}

function once(store) {
  const t0 = process.hrtime.bigint();
  const res = auth.resolveCandidates({ provider: 'anthropic', store, config: {}, now: NOW });
  const t1 = process.hrtime.bigint();
  const report = auth.buildAuthHealthReport({ providersInUse: ['anthropic'], perProvider: [res], now: NOW });
  auth.checkExitCode(report);
  const t2 = process.hrtime.bigint();
  return {
    resolveMs: Number(t1 - t0) / 1e6,
    healthMs: Number(t2 - t1) / 1e6,
    candidates: res.candidates.length,
  };
}

const results = {};
for (const n of [1, 100, 1000]) {
  const store = makeStore(n);
  for (let i = 0; i < 20; i++) once(store); // warm-up
  const samples = Array.from({ length: iterations }, () => once(store));
  const row = {
    profiles: n,
    candidates: samples[0].candidates,
    resolveMedianMs: median(samples.map((s) => s.resolveMs)),
    healthMedianMs: median(samples.map((s) => s.healthMs)),
  };
  results[n] = row;
  console.log(
    `${String(n).padStart(5)} profiles: resolve ${row.resolveMedianMs.toFixed(3)} ms, health+check ${row.healthMedianMs.toFixed(3)} ms (median of ${iterations})`,
  );
}
console.log(`wrote ${writeResult('resolve-health', { iterations, results })}`);
