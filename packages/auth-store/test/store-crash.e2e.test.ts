import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { modeOf, runWorker, tempStore } from './store-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const t = tempStore();
  cleanups.push(() => t.home.cleanup());
  return t;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a writer killed with SIGKILL', () => {
  test('leaves the old or the new file, and the next mutation takes over its lock', async () => {
    // 12 stores, each with a writer killed at a different moment (in or out of the lock). Each
    // store carries 4 MB that upstream's keys could hold, so writing it takes long enough that
    // most kills land mid-write: a write that is not atomic (truncate, then write in place)
    // leaves a torn file here, and the JSON check below fails.
    const STALE = '5000';
    const PAD = 'x'.repeat(4 * 1024 * 1024);
    const homes = Array.from({ length: 12 }, () => setup());
    const killed = homes.map(async ({ home, storeRel }, i) => {
      home.write(storeRel, { version: 1, profiles: {}, padding: PAD });
      const env = { ...home.env, CLAWDBOT_AUTH_LOCK_STALE_MS: STALE };
      let kill: () => void = () => undefined;
      const run = runWorker(env, ['spin', 'anthropic:spin'], (k) => {
        kill = k;
      });
      const store = path.join(home.stateDir, 'agents/main/agent/auth-profiles.json');
      // the first write has landed (the worker's own profile is in the file)
      while (!fs.readFileSync(store, 'utf8').includes('anthropic:spin')) await sleep(5);
      await sleep(3 + i * 11);
      kill();
      return run;
    });
    const results = await Promise.all(killed);
    expect(results.map((r) => r.signal)).toEqual(Array(12).fill('SIGKILL'));
    const leftLocked = homes.filter(({ home }) =>
      home.exists('.clawdbot/agents/main/agent/auth-profiles.json.lock'),
    );
    for (const { home, storeRel } of homes) {
      const store = home.readJson<{ profiles: Record<string, { key: string }>; padding: string }>(storeRel);
      expect(store.profiles['anthropic:spin']?.key).toMatch(/^sk-ant-api03-worker-\d+-\d+$/);
      expect(store.padding).toHaveLength(PAD.length); // upstream's keys survive every write
    }
    // no manual cleanup: a fresh process gets through once the dead writer's lock is stale
    const next = await Promise.all(
      homes.map(({ home }) =>
        runWorker({ ...home.env, CLAWDBOT_AUTH_LOCK_STALE_MS: STALE }, ['upsert', 'anthropic:after', '1']),
      ),
    );
    expect(next.map((r) => r.stderr)).toEqual(Array(12).fill(''));
    for (const { home, storeRel } of homes) {
      const store = home.readJson<{ profiles: Record<string, unknown> }>(storeRel);
      expect(Object.keys(store.profiles).sort()).toEqual(['anthropic:after', 'anthropic:spin']);
    }
    expect(leftLocked.length).toBeGreaterThan(0);
  }, 40_000);
});

describe('permissions', () => {
  test('under umask 000 the store is 0600 and every directory created is 0700', async () => {
    const { home, storeRel } = setup();
    const r = await runWorker(home.env, ['umask0', 'anthropic:default']);
    expect(r.stderr).toBe('');
    expect(modeOf(home.path(storeRel))).toBe(0o600);
    for (const dir of [
      '.clawdbot',
      '.clawdbot/agents',
      '.clawdbot/agents/main',
      '.clawdbot/agents/main/agent',
    ]) {
      expect([dir, modeOf(home.path(dir)).toString(8)]).toEqual([dir, '700']);
    }
  });
});
