import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSecret, makeTempHome, modelStep, startFakeModelServer } from '@clawdbot-auth/testkit';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { apiKey, SESSIONS, STORE } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'fixtures/turn-child.mjs');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

beforeAll(() => {
  expect(fs.existsSync(path.join(here, '../dist/index.js')), 'build first: pnpm run build').toBe(true);
});

function run(env: Record<string, string>, sessionKey: string, message: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [child, sessionKey, message], { env, cwd: env.HOME });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('8 processes sending turns at once', () => {
  test('share cooldown and usage state with no lost write', async () => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const server = await startFakeModelServer({
      script: (req) => (req.credential === a ? modelStep.rateLimit() : modelStep.reply('from b')),
    });
    const home = makeTempHome({ prefix: 'runtime-8p-' });
    cleanups.push(
      () => server.close(),
      () => home.cleanup(),
    );
    home.write(STORE, { version: 1, profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) } });
    const env = { ...home.env, ANTHROPIC_BASE_URL: server.url };

    const first = await Promise.all([...Array(8)].map((_, i) => run(env, `agent:main:s${i}`, `hello ${i}`)));

    for (const r of first) expect(r.code, r.out + r.err).toBe(0);
    expect(first.map((r) => JSON.parse(r.out).reply)).toEqual(Array(8).fill('from b'));
    const triedA = server.requests.filter((r) => r.credential === a).length;
    expect(triedA).toBeGreaterThanOrEqual(1);
    const stats = home.readJson<{ usageStats: Record<string, Record<string, unknown>> }>(STORE).usageStats;
    // every 429 the server sent is counted once: no process overwrote another's failure
    expect(stats['anthropic:a']).toMatchObject({ errorCount: triedA, failureCounts: { rate_limit: triedA } });
    expect(stats['anthropic:a']?.cooldownUntil).toBeGreaterThan(Date.now());
    expect(stats['anthropic:b']?.lastUsed).toBeTypeOf('number');
    const sessions = home.readJson<Record<string, Record<string, unknown>>>(SESSIONS);
    expect(Object.keys(sessions).sort()).toEqual([...Array(8)].map((_, i) => `agent:main:s${i}`).sort());
    for (const s of Object.values(sessions)) expect(s).toMatchObject({ authProfileOverride: 'anthropic:b' });

    const second = await Promise.all([...Array(8)].map((_, i) => run(env, `agent:main:t${i}`, 'again')));

    for (const r of second) expect(r.code, r.out + r.err).toBe(0);
    // the cooldown written by the first wave is honoured by every process of the second
    expect(server.requests.filter((r) => r.credential === a)).toHaveLength(triedA);
    expect(Object.keys(home.readJson(SESSIONS))).toHaveLength(16);
  });
});
