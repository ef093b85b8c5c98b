import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '@clawdbot-auth/env-loader';
import { etcdTestsEnabled, fixtureSecret, leakedSecrets } from '@clawdbot-auth/testkit';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { markFailure, migrateStore, readStore, setOrder, storeStatus, upsertProfile } from '../src/index.js';
import { apiKey, etcdForFile, oauth, tempStore } from './store-helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});
afterAll(async () => {
  await (await etcdForFile().catch(() => undefined))?.close();
});

let prefixes = 0;
/** A temp HOME (file store) and a fresh etcd prefix for it. */
async function setup() {
  const t = tempStore();
  homes.push(t.home);
  const url = (await etcdForFile()).storeUrl(`/m${process.pid}-${++prefixes}`);
  return { ...t, url };
}

/** A new context on the same HOME (what the next command sees: config re-read, no cache). */
function fresh(t: ReturnType<typeof tempStore>, env: Record<string, string> = {}) {
  return createContext({
    env: { ...t.home.env, ...env },
    homedir: t.home.home,
    cwd: t.home.home,
    now: () => 1_800_000_000_000,
  });
}

const KEY = fixtureSecret.anthropicApiKey();
const REFRESH = fixtureSecret.anthropicOAuthRefresh();
const OPENAI = fixtureSecret.openaiApiKey();

async function fill(ctx: ReturnType<typeof fresh>) {
  await upsertProfile(ctx, 'main', 'anthropic:work', apiKey(KEY));
  await upsertProfile(ctx, 'main', 'anthropic:max', oauth(REFRESH));
  await setOrder(ctx, 'main', 'anthropic', ['anthropic:max', 'anthropic:work']);
  await markFailure(ctx, 'main', 'anthropic:work', 'rate_limit');
  await upsertProfile(ctx, 'ops', 'openai:ops', apiKey(OPENAI, 'openai'));
}

/** What a user sees of every agent's store: profiles, order, usage stats. */
async function picture(ctx: ReturnType<typeof fresh>) {
  const main = (await readStore(ctx, 'main')).store;
  const ops = (await readStore(ctx, 'ops')).store;
  return { main: { ...main }, ops: ops.profiles['openai:ops'] };
}

describe('models auth store status on the file store', () => {
  test('names the backend and counts the profiles of every agent', async () => {
    const t = tempStore();
    homes.push(t.home);
    await fill(t.ctx);
    const s = await storeStatus(fresh(t));
    expect(s.backend).toBe('file');
    expect(s.location).toBe(path.join(t.home.stateDir, 'agents'));
    expect(s.agents).toEqual([
      { agentId: 'main', profiles: 2 },
      { agentId: 'ops', profiles: 1 },
    ]);
    expect(s.profiles).toBe(3);
    expect(s.problem).toBeUndefined();
    expect(leakedSecrets(JSON.stringify(s), [KEY, REFRESH, OPENAI])).toEqual([]);
  });
});

describe.runIf(etcdTestsEnabled())('moving the store between the file store and etcd', () => {
  test('file -> etcd -> file: every profile, order and cooldown arrives; sources archived; running again changes nothing', async () => {
    const t = await setup();
    await fill(t.ctx);
    const before = await picture(fresh(t));
    const storeFile = path.join(t.home.stateDir, 'agents/main/agent/auth-profiles.json');

    const toEtcd = await migrateStore(fresh(t), { to: 'etcd', url: t.url });
    expect(toEtcd.agents.map((a) => [a.agentId, a.profiles, a.kept])).toEqual([
      ['main', 2, []],
      ['ops', 1, []],
    ]);
    // the source is archived (0600), not deleted; the config now names etcd
    expect(fs.existsSync(storeFile)).toBe(false);
    const archived = toEtcd.agents[0]?.archivedAs as string;
    expect(archived).toMatch(/auth-profiles\.json\.migrated-\d+$/);
    expect(fs.statSync(archived).mode & 0o777).toBe(0o600);
    expect(toEtcd.configUpdated).toBe(path.join(t.home.stateDir, 'clawdbot.json'));
    const onEtcd = fresh(t);
    expect((await readStore(onEtcd)).backend).toBe('etcd');
    expect(await picture(onEtcd)).toEqual(before);
    const status = await storeStatus(fresh(t));
    expect(status).toMatchObject({
      backend: 'etcd',
      reachable: true,
      members: 1,
      leader: 'm0',
      profiles: 3,
      keyFile: { path: path.join(t.home.stateDir, 'auth-store.key'), present: true, matches: true },
    });
    expect(status.problem).toBeUndefined();

    // again: nothing left to copy, nothing changes
    const again = await migrateStore(fresh(t), { to: 'etcd' });
    expect(again.agents).toEqual([]);
    expect(again.configUpdated).toBeUndefined();
    expect(await picture(fresh(t))).toEqual(before);

    const toFile = await migrateStore(fresh(t), { to: 'file' });
    expect(toFile.agents.map((a) => [a.agentId, a.profiles])).toEqual([
      ['main', 2],
      ['ops', 1],
    ]);
    expect(toFile.agents[0]?.archivedAs).toMatch(/^\/m\d+-\d+\/archive\/\d+\/agents\/main$/);
    expect(toFile.configUpdated).toBeDefined();
    const onFile = fresh(t);
    expect((await readStore(onFile)).backend).toBe('file');
    expect(fs.statSync(storeFile).mode & 0o777).toBe(0o600);
    expect(await picture(onFile)).toEqual(before);
    // etcd holds only the sealed archive now
    const etcdView = fresh(t, { CLAWDBOT_AUTH_STORE: t.url });
    expect((await readStore(etcdView)).exists).toBe(false);
    expect((await migrateStore(fresh(t), { to: 'file', url: t.url })).agents).toEqual([]);
  });

  test('a profile etcd already holds with another value is kept there and reported; the rest is copied', async () => {
    const t = await setup();
    await fill(t.ctx);
    const other = fixtureSecret.anthropicApiKey();
    const onEtcd = fresh(t, { CLAWDBOT_AUTH_STORE: t.url });
    await upsertProfile(onEtcd, 'main', 'anthropic:work', apiKey(other));
    const r = await migrateStore(fresh(t), { to: 'etcd', url: t.url });
    expect(r.agents[0]?.kept).toEqual(['anthropic:work']);
    const main = (await readStore(fresh(t, { CLAWDBOT_AUTH_STORE: t.url }))).store;
    expect(main.profiles['anthropic:work']).toMatchObject({ key: other });
    expect(main.profiles['anthropic:max']).toMatchObject({ refresh: REFRESH });
    expect(main.order?.anthropic).toEqual(['anthropic:max', 'anthropic:work']);
    // an etcd store named for the run (--url) is written to the config for the next commands
    expect(fresh(t).env.CLAWDBOT_AUTH_STORE).toBeUndefined();
    expect((await readStore(fresh(t))).backend).toBe('etcd');
    expect(r.next).toBeUndefined();
  });

  test('status on another host: no key file, a wrong key file, etcd down: each named, none thrown', async () => {
    const t = await setup();
    const env = { CLAWDBOT_AUTH_STORE: t.url };
    await upsertProfile(fresh(t, env), 'main', 'anthropic:work', apiKey(KEY));
    const b = tempStore();
    homes.push(b.home);
    const missing = await storeStatus(fresh(b, env));
    expect(missing).toMatchObject({ reachable: true, profiles: 1, keyFile: { present: false } });
    expect(missing.problem?.code).toBe('STORE_KEY_MISSING');
    b.home.write('.clawdbot/auth-store.key', `${Buffer.alloc(32, 7).toString('base64')}\n`);
    const wrong = await storeStatus(fresh(b, env));
    expect(wrong.keyFile).toMatchObject({ present: true, matches: false });
    expect(wrong.problem?.code).toBe('STORE_KEY_MISMATCH');
    const down = await storeStatus(
      fresh(b, { CLAWDBOT_AUTH_STORE: 'etcd+http://127.0.0.1:9/x', CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '1000' }),
    );
    expect(down.reachable).toBe(false);
    expect(down.problem?.code).toBe('STORE_BACKEND_UNAVAILABLE');
    expect(down.problem?.message).toContain('127.0.0.1:9');
  });
});
