import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { upsertProfile } from '../src/index.js';
import { apiKey, BACKENDS, runWorker, tempStore, useBackendStores } from './store-helpers.js';

const onBackend = useBackendStores();

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const t = tempStore();
  cleanups.push(() => t.home.cleanup());
  return t;
}

// Invariants 1 and 9 on every store backend: concurrent writers never lose an update.
describe.each(BACKENDS)('many processes writing one %s store', (backend) => {
  test('50 processes x 20 upserts each: every last update is in the store', async () => {
    const t = await onBackend(backend);
    // the first write creates the store (and, on etcd, the key file every process shares)
    await upsertProfile(t.ctx, 'main', 'anthropic:seed', apiKey('seed'));
    // 50 processes on a shared test machine: the bound is about a stopped etcd, not a slow host
    const env = { ...t.home.env, CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '60000' };
    const runs = Array.from({ length: 50 }, (_, i) => runWorker(env, ['upsert', `anthropic:p${i}`, '20']));
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0 || r.stderr !== '').map((r) => r.stderr)).toEqual([]);
    const profiles = (await t.raw()).profiles as Record<string, { key: string }>;
    expect(Object.keys(profiles)).toHaveLength(51);
    for (const [id, cred] of Object.entries(profiles))
      if (id !== 'anthropic:seed') expect(cred.key).toMatch(/-20$/);
  }, 180_000);
});

describe('many processes writing one store file', () => {
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
