// etcd refuses a transaction of more than 128 operations (or comparisons). A store with many
// profiles still migrates both ways (copy, read back, archive: invariant 8), and an edit that
// changes most of its entries still lands.
import { etcdTestsEnabled } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { archiveAgent } from '../src/backend/etcd-cluster.js';
import { flatten } from '../src/backend/etcd-codec.js';
import {
  clearCooldown,
  migrateStore,
  readStore,
  setOrder,
  storeBackend,
  storeStatus,
  upsertProfile,
} from '../src/index.js';
import { useBackendStores } from './store-helpers.js';

const onBackend = useBackendStores();
const N = 300;
const ids = Array.from({ length: N }, (_, i) => `anthropic:p${String(i).padStart(3, '0')}`);

/** A store file of N profiles, each cooling down, with an order over all of them. */
function bigStore(now: number) {
  return {
    version: 1,
    profiles: Object.fromEntries(
      ids.map((id, i) => [id, { type: 'api_key', provider: 'anthropic', key: `k-${i}` }]),
    ),
    order: { anthropic: ids },
    usageStats: Object.fromEntries(ids.map((id) => [id, { cooldownUntil: now + 3_600_000, errorCount: 1 }])),
  };
}

describe.runIf(etcdTestsEnabled())(`a store of ${N} profiles on etcd`, () => {
  test('migrate --to etcd and back: every profile arrives, the sources are archived, a second run is a no-op', async () => {
    const t = await onBackend('etcd');
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;
    const fileCtx = { ...t.ctx, env: { ...t.ctx.env, CLAWDBOT_AUTH_STORE: 'file' } };
    t.home.write(t.storeRel, bigStore(t.ctx.now()));

    const to = await migrateStore(fileCtx, { to: 'etcd', url });
    expect(to.agents).toMatchObject([{ agentId: 'main', profiles: N, kept: [] }]);
    expect(t.home.exists(t.storeRel)).toBe(false);
    const onEtcd = (await readStore(t.ctx)).store;
    expect(Object.keys(onEtcd.profiles)).toEqual(ids);
    expect(onEtcd.profiles['anthropic:p299']).toMatchObject({ key: 'k-299' });
    expect(onEtcd.order?.anthropic).toEqual(ids);
    expect((await storeStatus(t.ctx)).profiles).toBe(N);
    expect((await migrateStore(fileCtx, { to: 'etcd', url })).agents).toEqual([]);

    const back = await migrateStore(t.ctx, { to: 'file' });
    expect(back.agents).toMatchObject([{ agentId: 'main', profiles: N, kept: [] }]);
    expect((await storeStatus(t.ctx)).profiles).toBe(0);
    const file = t.home.readJson<{ profiles: Record<string, unknown> }>(t.storeRel);
    expect(Object.keys(file.profiles)).toHaveLength(N);
  }, 120_000);

  test('one edit that changes every entry (clear all cooldowns), and an order of 300 ids', async () => {
    const t = await onBackend('etcd');
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;
    t.home.write(t.storeRel, bigStore(t.ctx.now()));
    await migrateStore({ ...t.ctx, env: { ...t.ctx.env, CLAWDBOT_AUTH_STORE: 'file' } }, { to: 'etcd', url });

    expect(await clearCooldown(t.ctx, 'main', { provider: 'anthropic' })).toHaveLength(N);
    const { store } = await readStore(t.ctx);
    expect(Object.values(store.usageStats ?? {}).filter((s) => s.cooldownUntil !== undefined)).toEqual([]);
    expect(await setOrder(t.ctx, 'main', 'anthropic', [...ids].reverse())).toHaveLength(N);
    expect((await readStore(t.ctx)).store.order?.anthropic?.[0]).toBe('anthropic:p299');
  }, 120_000);

  test('archiving refuses a store that changed since it was copied, and deletes nothing', async () => {
    const t = await onBackend('etcd');
    const url = t.ctx.env.CLAWDBOT_AUTH_STORE as string;
    t.home.write(t.storeRel, bigStore(t.ctx.now()));
    await migrateStore({ ...t.ctx, env: { ...t.ctx.env, CLAWDBOT_AUTH_STORE: 'file' } }, { to: 'etcd', url });
    const backend = await storeBackend(t.ctx);
    const copied = flatten((await backend.load('main')).raw);
    await upsertProfile(t.ctx, 'main', 'anthropic:p007', {
      type: 'api_key',
      provider: 'anthropic',
      key: 'newer',
    });
    const store = backend.etcd as NonNullable<typeof backend.etcd>;
    await expect(archiveAgent(store, 'main', copied, 1)).rejects.toMatchObject({
      code: 'STORE_WRITE_FAILED',
    });
    const after = (await readStore(t.ctx)).store;
    expect(Object.keys(after.profiles)).toHaveLength(N);
    expect(after.profiles['anthropic:p007']).toMatchObject({ key: 'newer' });
  });
});
