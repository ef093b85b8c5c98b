import { getDeadMarker, readStore, upsertProfile } from '@clawdbot-auth/auth-store';
import { createContext } from '@clawdbot-auth/env-loader';
import {
  type EtcdCluster,
  etcdTestsEnabled,
  type FakeOAuthServer,
  fixtureSecret,
  makeTempHome,
  startEtcd,
  startFakeOAuthServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { runRefreshChild } from './helpers.js';

// Hosts are separate HOMEs (own state dir, own locks, own Claude Code files) in separate
// processes; the only thing they share is the store on etcd and the copied key file.

let etcd: EtcdCluster;
let server: FakeOAuthServer;
const homes: TempHome[] = [];
let prefixes = 0;
beforeAll(async () => {
  if (etcdTestsEnabled()) etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.close();
});
afterEach(async () => {
  await server?.close();
  for (const h of homes.splice(0)) h.cleanup();
});

function hosts(count: number, url: string): TempHome[] {
  const out: TempHome[] = [];
  for (let i = 0; i < count; i++) {
    const h = makeTempHome({ prefix: `host${i}-` });
    homes.push(h);
    Object.assign(h.env, server.env, {
      CLAWDBOT_STATE_DIR: h.stateDir,
      CLAWDBOT_AUTH_STORE: url,
      CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '60000',
    });
    out.push(h);
  }
  return out;
}

function ctxOf(h: TempHome) {
  return createContext({ env: { ...h.env }, homedir: h.home, cwd: h.home });
}

const run = (h: TempHome, args: string[]) => runRefreshChild(h.env, args);

async function seed(first: TempHome, id: string, cred: Record<string, unknown>) {
  // the first write creates the key file the other hosts copy
  await upsertProfile(ctxOf(first), 'main', id, cred as never);
}

describe.runIf(etcdTestsEnabled())('one refresh per token generation across hosts (etcd store)', () => {
  test('3 hosts x 4 processes x 3 callers refresh one expired grant: exactly 1 token request, all get the new token', async () => {
    server = await startFakeOAuthServer({ delayMs: 300 });
    const url = etcd.storeUrl(`/hosts${++prefixes}`);
    const first = makeTempHome({ prefix: 'seed-' });
    homes.push(first);
    Object.assign(first.env, { CLAWDBOT_STATE_DIR: first.stateDir, CLAWDBOT_AUTH_STORE: url });
    const old = {
      type: 'oauth',
      provider: 'anthropic',
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
      expires: Date.now() - 60_000,
    };
    await seed(first, 'anthropic:me', old);
    const hs = hosts(3, url);
    for (const h of hs) h.write('.clawdbot/auth-store.key', first.read('.clawdbot/auth-store.key'));
    const runs = await Promise.all(
      hs.flatMap((h) => Array.from({ length: 4 }, () => run(h, ['anthropic:me', '3']))),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const tokens = runs.flatMap((r) => JSON.parse(r.stdout) as string[]);
    expect(tokens).toHaveLength(36);
    expect(server.tokenRequestCount()).toBe(1);
    const stored = (await readStore(ctxOf(hs[2] as TempHome))).store.profiles['anthropic:me'];
    expect(stored).toMatchObject({ type: 'oauth' });
    expect(new Set(tokens)).toEqual(new Set([(stored as { access: string }).access]));
    expect((stored as { access: string }).access).not.toBe(old.access);
  }, 180_000);

  test('a revoked grant: one request from all hosts, the profile is dead for every host', async () => {
    server = await startFakeOAuthServer({ mode: 'invalid_grant' });
    const url = etcd.storeUrl(`/hosts${++prefixes}`);
    const first = makeTempHome({ prefix: 'seed-' });
    homes.push(first);
    Object.assign(first.env, { CLAWDBOT_STATE_DIR: first.stateDir, CLAWDBOT_AUTH_STORE: url });
    await seed(first, 'openai-codex:me', {
      type: 'oauth',
      provider: 'openai-codex',
      access: fixtureSecret.opaque(),
      refresh: fixtureSecret.opaque(),
      expires: Date.now() - 60_000,
    });
    const hs = hosts(3, url);
    for (const h of hs) h.write('.clawdbot/auth-store.key', first.read('.clawdbot/auth-store.key'));
    const runs = await Promise.all(
      hs.flatMap((h) => Array.from({ length: 2 }, () => run(h, ['openai-codex:me', '2']))),
    );
    for (const r of runs) expect(JSON.parse(r.stdout)).toEqual({ error: 'OAUTH_REFRESH_REVOKED' });
    expect(server.tokenRequestCount()).toBe(1);
    for (const h of hs)
      expect(getDeadMarker((await readStore(ctxOf(h))).store, 'openai-codex:me')).toBeDefined();
    const again = await run(hs[1] as TempHome, ['openai-codex:me', '1']);
    expect(JSON.parse(again.stdout)).toEqual({ error: 'OAUTH_REFRESH_REVOKED' });
    expect(server.tokenRequestCount()).toBe(1);
  }, 180_000);
});
