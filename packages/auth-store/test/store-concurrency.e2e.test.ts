import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runWorker, tempStore } from './store-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const t = tempStore();
  cleanups.push(() => t.home.cleanup());
  return t;
}

describe('many processes writing one store', () => {
  test('50 processes x 20 upserts each: every last update is in the file', async () => {
    const { home, storeRel } = setup();
    const runs = Array.from({ length: 50 }, (_, i) =>
      runWorker(home.env, ['upsert', `anthropic:p${i}`, '20']),
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0 || r.stderr !== '').map((r) => r.stderr)).toEqual([]);
    const store = home.readJson<{ profiles: Record<string, { key: string }> }>(storeRel);
    expect(Object.keys(store.profiles)).toHaveLength(50);
    for (const cred of Object.values(store.profiles)) expect(cred.key).toMatch(/-20$/);
  }, 60_000);

  test('a reader parsing the file in a loop during 10,000 writes never sees invalid JSON', async () => {
    const { home, storeRel } = setup();
    // tmpfs when there is one: rename atomicity is what is under test, not disk speed
    const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    const stateDir = fs.mkdtempSync(path.join(base, 'auth-store-rw-'));
    cleanups.push(() => fs.rmSync(stateDir, { recursive: true, force: true }));
    const env = { ...home.env, CLAWDBOT_STATE_DIR: stateDir };
    const file = path.join(stateDir, storeRel.replace('.clawdbot/', ''));
    const done = path.join(stateDir, 'done');
    const reader = runWorker(env, ['read', file, done]);
    const writers = [0, 1].map((i) => runWorker(env, ['upsert', `anthropic:w${i}`, '5000']));
    const written = await Promise.all(writers);
    fs.writeFileSync(done, '');
    const read = await reader;
    expect(written.map((w) => w.code)).toEqual([0, 0]);
    const stats = JSON.parse(read.stdout) as { reads: number; bad: number };
    expect(stats.reads).toBeGreaterThan(100);
    expect(stats.bad).toBe(0);
    const store = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(store.profiles['anthropic:w0'].key).toMatch(/-5000$/);
    expect(store.profiles['anthropic:w1'].key).toMatch(/-5000$/);
  }, 60_000);
});
