#!/usr/bin/env node
// Cost of one auth event journal record, in-process: recordAuthEvent (open O_APPEND, fstat,
// one write, close) timed per call over many events into a temp state dir, p50 / p99 / max.
// Also the same with a journal near its 10 MiB limit, so the rotation path is in the figures.
// Then its effect on `clawdbot agent`'s wall time (see below). Writes bench/results/journal.json.
//
//   node bench/journal.mjs [--events 5000] [--agent-runs 15]
//
// Needs packages/auth-store/dist: pnpm --filter @clawdbot-auth/auth-store run build
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { argValue, median, repoRoot, writeResult } from './_lib.mjs';

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

// Its effect on `clawdbot agent`'s wall time: a turn whose first profile answers 429 (a
// cooldown-set event; the second profile replies) against a loopback Messages API, with the
// journal written, and with `<state>/logs` a file so that no record can be written (the only
// difference is the journal's work). The store is put back before every run, outside the timing.
const kit = await import(pathToFileURL(path.join(repoRoot, 'packages', 'testkit', 'dist', 'index.js')).href);
const agentRuns = Number(argValue('--agent-runs', 15));
const server = await kit.startFakeModelServer({
  script: (req) => (req.index % 2 === 0 ? kit.modelStep.rateLimit() : kit.modelStep.reply('ok')),
});
const bin = path.join(repoRoot, 'apps', 'cli', 'bin', 'run.cjs');
function agentHome(journal) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-journal-agent-'));
  const state = path.join(home, '.clawdbot');
  fs.mkdirSync(path.join(state, 'agents', 'main', 'agent'), { recursive: true, mode: 0o700 });
  if (!journal) fs.writeFileSync(path.join(state, 'logs'), 'not a directory\n');
  const store = () =>
    fs.writeFileSync(
      path.join(state, 'agents', 'main', 'agent', 'auth-profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: {
          'anthropic:a': { type: 'api_key', provider: 'anthropic', key: 'bench-not-a-secret-a' },
          'anthropic:b': { type: 'api_key', provider: 'anthropic', key: 'bench-not-a-secret-b' },
        },
        order: { anthropic: ['anthropic:a', 'anthropic:b'] },
      }),
      { mode: 0o600 },
    );
  const env = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', ANTHROPIC_BASE_URL: server.url };
  return { home, store, argv: [process.execPath, bin, 'agent', '--message', 'hi'], env };
}
/** Wall time of one run; asynchronous, since the Messages API answers from this process. */
function timeAsync(argv, opts) {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { ...opts, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${argv.slice(1).join(' ')} exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}
const withJournal = agentHome(true);
const without = agentHome(false);
const wall = { journal: [], none: [] };
for (let i = -1; i < agentRuns; i++) {
  for (const [name, h] of [
    ['journal', withJournal],
    ['none', without],
  ]) {
    h.store();
    const ms = await timeAsync(h.argv, { env: h.env, cwd: h.home });
    if (i >= 0) wall[name].push(ms); // the first round warms the code cache
  }
}
const lines = fs.readFileSync(path.join(withJournal.home, '.clawdbot', 'logs', 'auth-events.jsonl'), 'utf8');
const perTurn = lines.trim().split('\n').length / (agentRuns + 1);
await server.close();
for (const h of [withJournal, without]) fs.rmSync(h.home, { recursive: true, force: true });
const agent = {
  runs: agentRuns,
  eventsPerTurn: perTurn,
  journalMs: median(wall.journal),
  noJournalMs: median(wall.none),
};
console.log(
  `agent turn with a 429 then a reply: ${agent.journalMs.toFixed(1)} ms with the journal, ${agent.noJournalMs.toFixed(1)} ms without (${perTurn.toFixed(1)} records a turn; difference ${(agent.journalMs - agent.noJournalMs).toFixed(1)} ms, medians of ${agentRuns})`,
);
console.log(`wrote ${writeResult('journal', { rows, agent })}`);
