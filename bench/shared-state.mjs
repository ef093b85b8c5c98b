#!/usr/bin/env node
// The etcd store beside the file store. Hosts are separate temp HOMEs (own files, own locks)
// sharing one etcd (started here on loopback ports, stopped at the end); the file store has
// one HOME, so its "hosts" are the same processes on one machine.
//   1. 3 hosts x 8 processes refresh one expired OAuth grant at once (loopback token endpoint
//      answering after 300 ms): token requests counted (must be 1).
//   2. 3 hosts x 10 processes x 20 upserts of their own profile: updates lost (must be 0) and
//      upserts per second.
//   3. `clawdbot models status` wall time (median of 10), etcd / file ratio (goal <= 1.5x), and
//      p50 / p99 of one resolve (read the agent's store + resolve its candidates) in process.
// Prints the figures and writes bench/results/shared-state.json. Skipped (exit 0) without etcd.
//
//   node bench/shared-state.mjs [--runs 10] [--resolves 300]
//
// Needs the build (scripts/dev bench builds first).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { argValue, measure, repoRoot, writeResult } from './_lib.mjs';

const dist = (pkg) => pathToFileURL(path.join(repoRoot, 'packages', pkg, 'dist', 'index.js')).href;
const self = fileURLToPath(import.meta.url);
const [auth, sync, envLoader, kit] = await Promise.all(
  ['auth-store', 'claude-sync', 'env-loader', 'testkit'].map((p) => import(dist(p))),
);

const ctxFor = (env) => envLoader.createContext({ env, homedir: env.HOME, cwd: env.HOME });
const wait = (at) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** Worker processes: `refresh <startAt>` or `upsert <startAt> <count> <id>`; print JSON. */
async function worker([mode, startAt, count, id]) {
  const ctx = { ...ctxFor(process.env), log: () => {} };
  await wait(Number(startAt));
  if (mode === 'refresh') {
    const { token } = await sync.getAccessToken(ctx, 'main', 'anthropic:me');
    process.stdout.write(JSON.stringify({ token: crypto.createHash('sha256').update(token).digest('hex') }));
    return;
  }
  const start = Date.now();
  for (let n = 1; n <= Number(count); n++)
    await auth.upsertProfile(ctx, 'main', `anthropic:${id}`, {
      type: 'api_key',
      provider: 'anthropic',
      key: `bench-not-a-secret-${id}-${n}`,
    });
  process.stdout.write(JSON.stringify({ start, end: Date.now() }));
}

function runWorker(env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--worker', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker: ${err}`)),
    );
  });
}

const homes = [];
/** `count` HOMEs on one store: `url` (etcd) or the file store of the first HOME. */
async function hosts(count, url, extraEnv = {}) {
  const made = [];
  for (let i = 0; i < (url ? count : 1); i++) {
    const h = kit.makeTempHome({ prefix: 'bench-host-' });
    homes.push(h);
    Object.assign(
      h.env,
      { CLAWDBOT_STATE_DIR: h.stateDir, CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '60000' },
      extraEnv,
    );
    if (url) h.env.CLAWDBOT_AUTH_STORE = url;
    made.push(h);
  }
  return Array.from({ length: count }, (_, i) => made[i] ?? made[0]);
}

/** The first host's first write creates the key file; the other hosts get a copy. */
async function seed(hs, id, cred) {
  await auth.upsertProfile(ctxFor(hs[0].env), 'main', id, cred);
  const key = '.clawdbot/auth-store.key';
  for (const h of new Set(hs)) if (h !== hs[0] && hs[0].exists(key)) h.write(key, hs[0].read(key));
}

async function refreshRound(url) {
  const server = await kit.startFakeOAuthServer({ delayMs: 300 });
  try {
    const hs = await hosts(3, url, server.env);
    await seed(hs, 'anthropic:me', {
      type: 'oauth',
      provider: 'anthropic',
      access: 'bench-not-a-secret-access',
      refresh: 'bench-not-a-secret-refresh',
      expires: Date.now() - 60_000,
    });
    const startAt = Date.now() + 2000;
    const got = await Promise.all(
      hs.flatMap((h) => Array.from({ length: 8 }, () => runWorker(h.env, ['refresh', String(startAt)]))),
    );
    return {
      processes: got.length,
      tokenRequests: server.tokenRequestCount(),
      tokens: new Set(got.map((g) => g.token)).size,
    };
  } finally {
    await server.close();
  }
}

async function upsertRound(url) {
  const hs = await hosts(3, url);
  await seed(hs, 'anthropic:seed', {
    type: 'api_key',
    provider: 'anthropic',
    key: 'bench-not-a-secret-seed',
  });
  const startAt = Date.now() + 2500; // every process has loaded the packages by then
  const runs = await Promise.all(
    hs.flatMap((h, hi) =>
      Array.from({ length: 10 }, (_, pi) =>
        runWorker(h.env, ['upsert', String(startAt), '20', `h${hi}p${pi}`]),
      ),
    ),
  );
  const seconds = (Math.max(...runs.map((r) => r.end)) - Math.min(...runs.map((r) => r.start))) / 1000;
  const { store } = await auth.readStore(ctxFor(hs[0].env), 'main');
  const lost = hs.flatMap((_, hi) =>
    Array.from({ length: 10 }, (_, pi) => `anthropic:h${hi}p${pi}`).filter(
      (id) => !String(store.profiles[id]?.key ?? '').endsWith('-20'),
    ),
  ).length;
  return { upserts: 600, seconds, upsertsPerSecond: Math.round(600 / seconds), lost };
}

async function statusRound(url, runs, resolves) {
  const [h] = await hosts(1, url);
  await seed([h], 'anthropic:work', {
    type: 'api_key',
    provider: 'anthropic',
    key: 'bench-not-a-secret-work',
  });
  await auth.upsertProfile(ctxFor(h.env), 'main', 'openai:work', {
    type: 'api_key',
    provider: 'openai',
    key: 'bench-not-a-secret-openai',
  });
  const bin = path.join(repoRoot, 'apps', 'cli', 'bin', 'run.cjs');
  const status = measure([process.execPath, bin, 'models', 'status'], { env: h.env, cwd: h.home }, runs);
  const ctx = ctxFor(h.env);
  const samples = [];
  for (let i = 0; i < resolves; i++) {
    const t0 = process.hrtime.bigint();
    const { store } = await auth.readStore(ctx, 'main');
    auth.resolveCandidates({ provider: 'anthropic', store, config: {}, now: Date.now() });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  await auth.resetStoreBackend(ctx);
  return {
    statusMedianMs: status.medianMs,
    statusExitCodes: status.exitCodes,
    resolveP50Ms: pct(50),
    resolveP99Ms: pct(99),
  };
}

if (process.argv[2] === '--worker') {
  await worker(process.argv.slice(3));
  process.exit(0);
}
if (!kit.etcdTestsEnabled() || kit.etcdBinary() === undefined) {
  console.log('etcd is not installed: skipped (apt-get install -y etcd-server etcd-client)');
  process.exit(0);
}
const runs = Number(argValue('--runs', 10));
const resolves = Number(argValue('--resolves', 300));
const etcd = await kit.startEtcd();
const out = {};
try {
  let n = 0;
  const url = () => etcd.storeUrl(`/bench${process.pid}-${++n}`);
  for (const [name, u] of [
    ['file', () => undefined],
    ['etcd', url],
  ]) {
    out[name] = {
      refresh: await refreshRound(u()),
      upserts: await upsertRound(u()),
      status: await statusRound(u(), runs, resolves),
    };
  }
} finally {
  await etcd.close();
  for (const h of homes) h.cleanup();
}
const f = (x) => x.toFixed(1);
for (const name of ['file', 'etcd']) {
  const r = out[name];
  console.log(
    `${name.padEnd(4)}: refresh by 3 hosts x 8 processes: ${r.refresh.tokenRequests} token request(s), ${r.refresh.tokens} token(s) seen; ` +
      `3 hosts x 10 processes x 20 upserts: ${r.upserts.upsertsPerSecond} upserts/s, ${r.upserts.lost} lost; ` +
      `models status ${f(r.status.statusMedianMs)} ms; one resolve p50 ${f(r.status.resolveP50Ms)} ms, p99 ${f(r.status.resolveP99Ms)} ms`,
  );
}
const ratio = out.etcd.status.statusMedianMs / out.file.status.statusMedianMs;
console.log(`models status etcd/file: ${ratio.toFixed(2)}x (goal <= 1.5x)`);
const file = writeResult('shared-state', { ...out, statusRatio: ratio });
console.log(`wrote ${path.relative(process.cwd(), file)}`);
const bad =
  out.etcd.refresh.tokenRequests !== 1 ||
  out.file.refresh.tokenRequests !== 1 ||
  out.etcd.upserts.lost ||
  out.file.upserts.lost;
process.exit(bad ? 1 : 0);
