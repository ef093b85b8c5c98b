import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createContext } from '@clawdbot-auth/env-loader';
import {
  etcdTestsEnabled,
  fixtureSecret,
  leakedSecrets,
  makeTempHome,
  startEtcd,
} from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import {
  etcdDiagnostics,
  markFailure,
  readStore,
  removeProfile,
  resetStoreBackend,
  setOrder,
  storeBackend,
  upsertProfile,
  withSharedLock,
} from '../src/index.js';
import { apiKey, etcdForFile, oauth, runWorker, useBackendStores } from './store-helpers.js';

const onBackend = useBackendStores();
const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function etcdctl(endpoint: string, ...args: string[]): string {
  return execFileSync('etcdctl', ['--endpoints', endpoint, '--command-timeout=3s', ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
  }).toString();
}

/** Another host: its own HOME (own files, own key file path), the same etcd prefix. */
function otherHost(url: string) {
  const home = makeTempHome({ prefix: 'auth-store-host-' });
  homes.push(home);
  home.env.CLAWDBOT_STATE_DIR = home.stateDir;
  home.env.CLAWDBOT_AUTH_STORE = url;
  const ctx = createContext({
    env: { ...home.env },
    homedir: home.home,
    cwd: home.home,
    now: () => 1_800_000_000_000,
  });
  return { home, ctx };
}

describe.runIf(etcdTestsEnabled())('the etcd store', () => {
  test('one key per entry under <prefix>/agents/<agent>/, every value sealed: no secret byte in etcd', async () => {
    const t = await onBackend('etcd');
    const key = fixtureSecret.anthropicApiKey();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    await upsertProfile(t.ctx, 'main', 'anthropic:work', apiKey(key));
    await upsertProfile(t.ctx, 'main', 'anthropic:max', oauth(refresh));
    await setOrder(t.ctx, 'main', 'anthropic', ['anthropic:max', 'anthropic:work']);
    await markFailure(t.ctx, 'main', 'anthropic:work', 'rate_limit');
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;
    const prefix = url.slice(url.lastIndexOf('/'));
    const endpoint = (await etcdForFile()).endpoints[0] as string;
    const keys = etcdctl(endpoint, 'get', '--prefix', '--keys-only', prefix)
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(keys).toEqual([
      `${prefix}/agents/main/order/anthropic`,
      `${prefix}/agents/main/profiles/anthropic%3Amax`,
      `${prefix}/agents/main/profiles/anthropic%3Awork`,
      `${prefix}/agents/main/top/version`,
      `${prefix}/agents/main/usageStats/anthropic%3Awork`,
      `${prefix}/meta/keycheck`,
    ]);
    const dump = etcdctl(endpoint, 'get', '--prefix', prefix);
    expect(leakedSecrets(dump, [key, refresh, `sk-ant-oat01-access-${refresh}`])).toEqual([]);
    expect((await readStore(t.ctx)).store.profiles['anthropic:work']).toMatchObject({ key });
    expect(fs.statSync(t.home.path('.clawdbot/auth-store.key')).mode & 0o777).toBe(0o600);
    expect(t.home.exists('.clawdbot/agents/main/agent/auth-profiles.json')).toBe(false);
  });

  test('another host sees the same store once it has the key file; without it or with another key, a clear error', async () => {
    const t = await onBackend('etcd');
    await upsertProfile(t.ctx, 'main', 'anthropic:work', apiKey('k-host-a'));
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;

    const b = otherHost(url);
    const missing = await readStore(b.ctx).catch((e) => e);
    expect(missing).toMatchObject({
      code: 'STORE_KEY_MISSING',
      path: b.home.path('.clawdbot/auth-store.key'),
    });
    expect(missing.hint).toContain('copy the key file');
    await expect(upsertProfile(b.ctx, 'main', 'openai:x', apiKey('k2', 'openai'))).rejects.toMatchObject({
      code: 'STORE_KEY_MISSING',
    });
    expect(b.home.exists('.clawdbot/auth-store.key')).toBe(false);

    const c = otherHost(url);
    c.home.write('.clawdbot/auth-store.key', `${Buffer.alloc(32, 7).toString('base64')}\n`);
    await expect(readStore(c.ctx)).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH' });

    b.home.write('.clawdbot/auth-store.key', t.home.read('.clawdbot/auth-store.key'));
    await resetStoreBackend(b.ctx);
    expect((await readStore(b.ctx)).store.profiles['anthropic:work']).toMatchObject({ key: 'k-host-a' });
    await removeProfile(b.ctx, 'main', 'anthropic:work');
    expect((await readStore(t.ctx)).store.profiles).toEqual({});
  });

  test('etcd unreachable: STORE_BACKEND_UNAVAILABLE naming the endpoints, nothing written locally', async () => {
    const t = await onBackend('file');
    await upsertProfile(t.ctx, 'main', 'anthropic:local', apiKey('k-local'));
    const before = t.home.read('.clawdbot/agents/main/agent/auth-profiles.json');
    t.ctx.env.CLAWDBOT_AUTH_STORE = 'etcd+http://127.0.0.1:9/clawdbot';
    t.ctx.env.CLAWDBOT_AUTH_STORE_TIMEOUT_MS = '1000';
    const read = await readStore(t.ctx).catch((e) => e);
    expect(read).toMatchObject({ code: 'STORE_BACKEND_UNAVAILABLE' });
    expect(read.message).toContain('http://127.0.0.1:9');
    expect(read.hint).toContain('etcdctl --endpoints http://127.0.0.1:9 endpoint health');
    await expect(upsertProfile(t.ctx, 'main', 'anthropic:x', apiKey('k'))).rejects.toMatchObject({
      code: 'STORE_BACKEND_UNAVAILABLE',
    });
    expect(t.home.read('.clawdbot/agents/main/agent/auth-profiles.json')).toBe(before);
  });

  test('auth.store in clawdbot.json selects etcd; CLAWDBOT_AUTH_STORE wins; a bad value names itself', async () => {
    const t = await onBackend('file');
    const cluster = await etcdForFile();
    t.home.write('.clawdbot/clawdbot.json', {
      auth: { store: { backend: 'etcd', endpoints: cluster.endpoints, prefix: `/cfg${process.pid}` } },
    });
    await upsertProfile(t.ctx, 'main', 'anthropic:cfg', apiKey('k-cfg'));
    const b = await storeBackend(t.ctx);
    expect(b.kind).toBe('etcd');
    expect(b.location('main')).toBe(`${cluster.storeUrl(`/cfg${process.pid}`)}/agents/main`);
    expect(t.home.exists('.clawdbot/agents/main/agent/auth-profiles.json')).toBe(false);
    t.ctx.env.CLAWDBOT_AUTH_STORE = 'file';
    expect((await readStore(t.ctx)).store.profiles).toEqual({});
    t.ctx.env.CLAWDBOT_AUTH_STORE = 'etcd://nope';
    const bad = await readStore(t.ctx).catch((e) => e);
    expect(bad).toMatchObject({ code: 'STORE_BACKEND_CONFIG' });
    expect(bad.message).toContain('CLAWDBOT_AUTH_STORE');
  });

  test('3 hosts x 4 processes x 10 upserts on one etcd prefix: no update lost', async () => {
    const t = await onBackend('etcd');
    await upsertProfile(t.ctx, 'main', 'anthropic:seed', apiKey('seed'));
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;
    const hosts = [t.home, otherHost(url).home, otherHost(url).home];
    for (const h of hosts.slice(1))
      h.write('.clawdbot/auth-store.key', t.home.read('.clawdbot/auth-store.key'));
    // 12 processes on a shared test machine: the bound is about a stopped etcd, not a slow host
    for (const h of hosts) h.env.CLAWDBOT_AUTH_STORE_TIMEOUT_MS = '60000';
    const runs = hosts.flatMap((h, hi) =>
      Array.from({ length: 4 }, (_, i) => runWorker(h.env, ['upsert', `anthropic:h${hi}p${i}`, '10'])),
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const profiles = (await readStore(t.ctx)).store.profiles;
    expect(Object.keys(profiles)).toHaveLength(13);
    for (const [id, cred] of Object.entries(profiles))
      if (id !== 'anthropic:seed') expect((cred as { key: string }).key).toMatch(/-10$/);
  }, 120_000);

  test('an etcd without its JSON gateway: reads fall back to gRPC, the store works the same', async () => {
    const etcd = await startEtcd({ extraArgs: ['--enable-grpc-gateway=false'] });
    try {
      const url = etcd.storeUrl('/nogateway');
      const a = otherHost(url);
      await upsertProfile(a.ctx, 'main', 'anthropic:work', apiKey('k-no-gateway'));
      const b = otherHost(url);
      b.home.write('.clawdbot/auth-store.key', a.home.read('.clawdbot/auth-store.key'));
      expect((await readStore(b.ctx)).store.profiles['anthropic:work']).toMatchObject({
        key: 'k-no-gateway',
      });
      await resetStoreBackend(a.ctx);
      await resetStoreBackend(b.ctx);
    } finally {
      await etcd.close();
    }
  });

  test('a held lock names its holder (this host, this process) and is not stale; released, it is gone', async () => {
    const t = await onBackend('etcd');
    await upsertProfile(t.ctx, 'main', 'anthropic:work', apiKey('k'));
    const seen = await withSharedLock(
      t.ctx,
      'oauth-test',
      { ttlMs: 20_000, deadline: Date.now() + 5000 },
      () => etcdDiagnostics(t.ctx),
    );
    expect(seen?.locks).toHaveLength(1);
    expect(seen?.locks[0]).toMatchObject({ holder: { host: os.hostname(), pid: process.pid } });
    expect(seen?.locks[0]?.stale).toBeUndefined();
    expect(seen?.locks[0]?.ttlSeconds).toBeGreaterThan(0);
    expect((await etcdDiagnostics(t.ctx))?.locks).toEqual([]);
  });
});
