// The etcd store over TLS with client certificates (auth.store.tls): writes over gRPC, reads
// over the JSON gateway on the same https client URL; a host without a client certificate gets
// a clear error naming the endpoint, within the bound.
import { createContext } from '@clawdbot-auth/env-loader';
import {
  type EtcdCluster,
  etcdTestsEnabled,
  makeTempHome,
  startEtcd,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { readStore, resetStoreBackend, storeBackend, upsertProfile } from '../src/index.js';
import { apiKey } from './store-helpers.js';

let etcd: EtcdCluster;
const homes: TempHome[] = [];
const contexts: ReturnType<typeof createContext>[] = [];
beforeAll(async () => {
  if (etcdTestsEnabled()) etcd = await startEtcd({ tls: true });
});
afterAll(async () => {
  await etcd?.close();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await resetStoreBackend(c);
  for (const h of homes.splice(0)) h.cleanup();
});

/** A host whose clawdbot.json names the TLS store; `tls` overrides the certificate files. */
function host(prefix: string, tls: Record<string, string> | undefined = etcd.tls) {
  const h = makeTempHome({ prefix: 'auth-store-tls-' });
  homes.push(h);
  h.env.CLAWDBOT_STATE_DIR = h.stateDir;
  h.env.CLAWDBOT_AUTH_STORE_TIMEOUT_MS = '3000';
  h.write('.clawdbot/clawdbot.json', {
    auth: { store: { backend: 'etcd', endpoints: etcd.endpoints, prefix, ...(tls ? { tls } : {}) } },
  });
  const ctx = () => {
    const c = createContext({ env: { ...h.env }, homedir: h.home, cwd: h.home });
    contexts.push(c);
    return c;
  };
  return { h, ctx };
}

describe.runIf(etcdTestsEnabled())('the etcd store over TLS with client certificates', () => {
  test('a write, then a read by a fresh process on another host (the gateway over https)', async () => {
    const a = host('/tls-read');
    await upsertProfile(a.ctx(), 'main', 'anthropic:tls', apiKey('k-over-tls'));
    const b = host('/tls-read');
    b.h.write('.clawdbot/auth-store.key', a.h.read('.clawdbot/auth-store.key'));
    const reader = b.ctx();
    expect((await readStore(reader)).store.profiles['anthropic:tls']).toMatchObject({ key: 'k-over-tls' });
    // the read went over https to the gateway: this process never needed the gRPC client
    const etcdStore = (await storeBackend(reader)).etcd as unknown as { client?: unknown };
    expect(etcdStore.client).toBeUndefined();
  });

  test('no client certificate: a clear error naming the endpoint, nothing read', async () => {
    const a = host('/tls-nocert');
    await upsertProfile(a.ctx(), 'main', 'anthropic:tls', apiKey('k-over-tls'));
    const c = host('/tls-nocert', { ca: etcd.tls?.ca as string });
    c.h.write('.clawdbot/auth-store.key', a.h.read('.clawdbot/auth-store.key'));
    const err = await readStore(c.ctx()).catch((e) => e);
    expect(err).toMatchObject({ code: 'STORE_BACKEND_UNAVAILABLE' });
    expect(err.message).toContain(etcd.endpoints[0]);
  });
});
