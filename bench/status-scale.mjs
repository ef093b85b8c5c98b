#!/usr/bin/env node
// `models status --json` against the number of providers: N providers with one profile each
// (every other one a static token, so the OAuth section has work too), each routed in the
// config and with an order of its own. Prints the median wall time per size and the cost of one
// more profile between sizes: equal costs mean linear work; a quadratic loop makes the later
// cost grow with N. Writes bench/results/status-scale.json.
//
//   node bench/status-scale.mjs [--sizes 50,400,1600] [--runs 5]
//
// Needs the built CLI: pnpm exec turbo run build
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, measure, repoRoot, writeResult } from './_lib.mjs';

const bin = path.join(repoRoot, 'apps', 'cli', 'bin', 'run.cjs');
const sizes = argValue('--sizes', '50,400,1600').split(',').map(Number);
const runs = Number(argValue('--runs', '5'));

/** A temp HOME whose store and config name `n` providers (the keys are not secrets). */
function homeWith(n) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-status-'));
  const state = path.join(home, '.clawdbot');
  fs.mkdirSync(path.join(state, 'agents', 'main', 'agent'), { recursive: true, mode: 0o700 });
  const profiles = {};
  const routing = {};
  const order = {};
  for (let i = 0; i < n; i++) {
    const provider = `bench${i}`;
    const id = `${provider}:default`;
    const filler = `bench-not-a-secret-${i}`.padEnd(40, 'x');
    profiles[id] =
      i % 2 ? { type: 'token', provider, token: filler } : { type: 'api_key', provider, key: filler };
    routing[id] = { provider, mode: profiles[id].type };
    order[provider] = [id];
  }
  const write = (file, doc) => fs.writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
  write(path.join(state, 'agents', 'main', 'agent', 'auth-profiles.json'), { version: 1, profiles });
  write(path.join(state, 'clawdbot.json'), { auth: { profiles: routing, order } });
  return home;
}

const rows = [];
for (const n of sizes) {
  const home = homeWith(n);
  try {
    const env = { PATH: process.env.PATH, HOME: home };
    const m = measure([process.execPath, bin, 'models', 'status', '--json'], { env, cwd: home }, runs);
    if (m.exitCodes.some((c) => c !== 0)) throw new Error(`status exited ${m.exitCodes.join(',')} at ${n}`);
    rows.push({ providers: n, medianMs: m.medianMs, medianRssKb: m.medianRssKb });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
const f = (x) => x.toFixed(1);
for (const [i, r] of rows.entries()) {
  const prev = rows[i - 1];
  const step = prev ? (r.medianMs - prev.medianMs) / (r.providers - prev.providers) : undefined;
  r.msPerExtraProvider = step;
  console.log(
    `${String(r.providers).padStart(5)} providers: ${f(r.medianMs)} ms` +
      (step === undefined ? '' : `, ${step.toFixed(3)} ms per provider added since ${prev.providers}`),
  );
}
const steps = rows.map((r) => r.msPerExtraProvider).filter((s) => s !== undefined);
const growth = steps.length > 1 ? steps.at(-1) / steps[0] : undefined;
if (growth !== undefined) {
  console.log(`cost of one more provider, last step / first step: ${growth.toFixed(2)}x (linear: about 1x)`);
}
console.log(`results: ${writeResult('status-scale', { runs, rows, growth })}`);
