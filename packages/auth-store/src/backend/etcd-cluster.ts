import { AuthStoreError } from '../store/errors.js';
import { assemble, dec, enc } from './etcd-codec.js';
import type { EtcdStore } from './etcd-store.js';
import { type SealKey, sealValue } from './seal.js';

/** What status, doctor and migration ask of an etcd store beyond reading and writing an agent. */

/**
 * The cluster as the member that answers sees it: leader (name, else id), member count, version.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
 */
export async function describeCluster(
  store: EtcdStore,
): Promise<{ leader?: string; members: number; version: string }> {
  const status = await store.bounded('a status request', (c) => c.maintenance.status());
  const list = await store.bounded('a member list', (c) => c.cluster.memberList({}));
  const leader = list.members.find((m) => m.ID === status.leader);
  const out: { leader?: string; members: number; version: string } = {
    members: list.members.length,
    version: status.version,
  };
  if (status.leader !== '0') out.leader = leader?.name || status.leader;
  return out;
}

/** Profiles per agent, counted from the key names (no key file needed). */
export async function profileCounts(store: EtcdStore): Promise<Map<string, number>> {
  const p = `${store.settings.prefix}/agents/`;
  const keys = await store.bounded('a read', (c) => c.getAll().prefix(p).keys());
  const out = new Map<string, number>();
  for (const k of keys) {
    const [agent = '', kind] = k.slice(p.length).split('/');
    if (agent === '') continue;
    const id = dec(agent);
    out.set(id, (out.get(id) ?? 0) + (kind === 'profiles' ? 1 : 0));
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** Agent ids with at least one entry. */
export async function listAgents(store: EtcdStore): Promise<string[]> {
  const p = `${store.settings.prefix}/agents/`;
  const keys = await store.bounded('a read', (c) => c.getAll().prefix(p).keys());
  return [...new Set(keys.map((k) => dec(k.slice(p.length).split('/')[0] ?? '')))]
    .filter((a) => a !== '')
    .sort();
}

/**
 * Moves an agent's entries to one sealed value `<prefix>/archive/<stamp>/agents/<agent>` (the
 * store in the file shape) and deletes them, in one transaction that fails when any entry is
 * no longer what `expected` holds (changed since it was copied). Returns the archive key.
 * @throws STORE_WRITE_FAILED (changed meanwhile), STORE_KEY_*, STORE_BACKEND_UNAVAILABLE
 */
export async function archiveAgent(
  store: EtcdStore,
  agentId: string,
  expected: Map<string, string>,
  stamp: number,
): Promise<string> {
  const key = (await store.sealKey(false)) as SealKey;
  const prefix = store.agentPrefix(agentId);
  const entries = await store.readEntries(agentId, key);
  const same = entries.size === expected.size && [...entries].every(([k, e]) => expected.get(k) === e.json);
  const changed = () =>
    new AuthStoreError(
      'STORE_WRITE_FAILED',
      `${store.url}/agents/${agentId} changed while it was being migrated; it was left in place.`,
      { hint: 'run the migration again' },
    );
  if (!same) throw changed();
  const target = `${store.settings.prefix}/archive/${stamp}/agents/${enc(agentId)}`;
  const raw = assemble([...entries].map(([k, e]) => [k, e.json]));
  const ok = await store.bounded('a write', async (c) => {
    const [first, ...rest] = [...entries];
    if (first === undefined) return true;
    const txn = c.if(prefix + first[0], 'Mod', '==', first[1].mod);
    for (const [k, e] of rest) txn.and(prefix + k, 'Mod', '==', e.mod);
    txn.then(
      c.put(target).value(sealValue(key, target, JSON.stringify(raw))),
      ...[...entries.keys()].map((k) => c.delete().key(prefix + k)),
    );
    return (await txn.commit()).succeeded;
  });
  if (!ok) throw changed();
  return target;
}
