#!/usr/bin/env node
// CLI wall time and peak memory, ours against the reference (upstream) CLI, side by side in
// one run, on the same states: empty HOME, one env key, Claude Code credentials, 100 profiles.
// `node -e 0` is the floor. Prints medians and ratios; writes bench/results/cli.json.
//
//   node bench/cli.mjs [--runs 10] [--ref-runs 3] [--no-reference] [--install-reference]
//
// The reference is found at $CLAWDBOT_REFERENCE_DIR (default ~/.cache/clawdbot-reference,
// where ../shared/peer/install-reference.sh puts it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, measure, repoRoot, writeResult } from './_lib.mjs';

const runs = Number(argValue('--runs', 10));
const refRuns = Number(argValue('--ref-runs', 3));
const refDir = process.env.CLAWDBOT_REFERENCE_DIR ?? path.join(os.homedir(), '.cache', 'clawdbot-reference');
const installer = path.resolve(repoRoot, '..', 'shared', 'peer', 'install-reference.sh');
if (process.argv.includes('--install-reference') && fs.existsSync(installer)) {
  spawnSync('bash', [installer], { stdio: 'inherit', env: { ...process.env, PEER_DIR: refDir } });
}
const refBin = path.join(refDir, 'clawdbot', 'node_modules', '.bin', 'clawdbot');
const refNodeDir = path.join(refDir, 'node22', 'node_modules', '.bin');
const withRef = !process.argv.includes('--no-reference') && fs.existsSync(refBin);
const ours = [process.execPath, path.join(repoRoot, 'apps', 'cli', 'bin', 'run.cjs')];

const DAY = 86_400_000;
const fake = (p, n) => `${p}BENCHFIXTURE${String(n).padStart(6, '0')}notarealsecretvalue`;
const states = {
  empty: {},
  'env-key': { env: { ANTHROPIC_API_KEY: fake('sk-ant-api03-', 1) } },
  'claude-code': {
    files: {
      '.claude/.credentials.json': {
        claudeAiOauth: {
          accessToken: fake('sk-ant-oat01-', 2),
          refreshToken: fake('sk-ant-ort01-', 3),
          expiresAt: Date.now() + 10 * DAY,
          scopes: ['user:inference', 'user:profile'],
          subscriptionType: 'max',
        },
      },
    },
  },
  'profiles-100': {
    files: {
      '.clawdbot/agents/main/agent/auth-profiles.json': {
        version: 1,
        profiles: Object.fromEntries(
          Array.from({ length: 100 }, (_, i) => {
            const provider = ['anthropic', 'openai', 'openrouter', 'google'][i % 4];
            return [`${provider}:p${i}`, { type: 'api_key', provider, key: fake('sk-', i + 10) }];
          }),
        ),
      },
    },
  },
};
const commands = [
  ['models', 'status'],
  ['models', 'status', '--json'],
  ['models', 'status', '--check'],
];

function makeHome(state) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  for (const [rel, content] of Object.entries(state.files ?? {})) {
    const p = path.join(home, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
    fs.writeFileSync(p, JSON.stringify(content, null, 2), { mode: 0o600 });
  }
  return home;
}

const baseEnv = (home, extra, pathPrefix) => ({
  PATH: `${pathPrefix ? `${pathPrefix}:` : ''}${process.env.PATH}`,
  HOME: home,
  LANG: 'C.UTF-8',
  CLAWDBOT_TAGLINE_INDEX: '0',
  ...extra,
});

const floor = measure([process.execPath, '-e', '0'], { env: baseEnv(os.tmpdir(), {}) }, runs);
const rows = [];
for (const [stateName, state] of Object.entries(states)) {
  for (const cmd of commands) {
    const homeOurs = makeHome(state);
    const o = measure([...ours, ...cmd], { env: baseEnv(homeOurs, state.env) }, runs);
    let r = null;
    if (withRef) {
      const homeRef = makeHome(state);
      r = measure([refBin, ...cmd], { env: baseEnv(homeRef, state.env, refNodeDir) }, refRuns);
      fs.rmSync(homeRef, { recursive: true, force: true });
    }
    fs.rmSync(homeOurs, { recursive: true, force: true });
    rows.push({ state: stateName, command: cmd.join(' '), ours: o, reference: r });
  }
}

const f = (n) => (n == null ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
console.log(
  `floor (node -e 0): ${f(floor.medianMs)} ms, ${f(floor.medianRssKb / 1024)} MiB; runs: ours ${runs}, reference ${withRef ? refRuns : 'not installed'}`,
);
console.log(
  ['state', 'command', 'ours ms', 'ref ms', 'time ratio', 'ours MiB', 'ref MiB', 'mem ratio', 'exit ours/ref']
    .map((h, i) => h.padEnd(i === 1 ? 18 : 14))
    .join(''),
);
for (const r of rows) {
  const tr = r.reference ? r.ours.medianMs / r.reference.medianMs : null;
  const mr = r.reference && r.ours.medianRssKb ? r.ours.medianRssKb / r.reference.medianRssKb : null;
  console.log(
    [
      r.state,
      r.command.replace('models status', 'status'),
      f(r.ours.medianMs),
      f(r.reference?.medianMs),
      tr == null ? '-' : `1/${(1 / tr).toFixed(1)}`,
      f(r.ours.medianRssKb / 1024),
      f(r.reference ? r.reference.medianRssKb / 1024 : null),
      mr == null ? '-' : `1/${(1 / mr).toFixed(1)}`,
      `${r.ours.exitCodes.join('|')}/${r.reference?.exitCodes.join('|') ?? '-'}`,
    ]
      .map((c, i) => String(c).padEnd(i === 1 ? 18 : 14))
      .join(''),
  );
}
console.log(`results: ${path.relative(process.cwd(), writeResult('cli', { floor, rows }))}`);
