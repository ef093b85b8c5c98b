import { AuthStoreError } from '../store/errors.js';
import { assemble, dec, enc } from './etcd-codec.js';
import { EtcdStore } from './etcd-store.js';
import { openValue, readKeyFile, type SealKey, sealValue } from './seal.js';

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
 * store in the file shape) and deletes them, in one transaction whatever their number: it puts
 * the archive and deletes the agent's range if no key in that range was written since the read
 * that found them equal to `expected` (one range comparison, not one per key, so etcd's limit
 * of operations per transaction does not apply). Returns the archive key.
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
  const seen: { revision?: string } = {};
  const entries = await store.readEntries(agentId, key, seen);
  const same = entries.size === expected.size && [...entries].every(([k, e]) => expected.get(k) === e.json);
  const changed = () =>
    new AuthStoreError(
      'STORE_WRITE_FAILED',
      `${store.url}/agents/${agentId} changed while it was being migrated; it was left in place.`,
      { hint: 'run the migration again' },
    );
  if (!same) throw changed();
  const target = `${store.settings.prefix}/archive/${stamp}/agents/${enc(agentId)}`;
  if (entries.size === 0) return target;
  const raw = assemble([...entries].map(([k, e]) => [k, e.json]));
  const from = Buffer.from(prefix);
  const end = Buffer.from(from);
  end[end.length - 1] = (end[end.length - 1] as number) + 1;
  const ok = await store.bounded('a write', async (c) => {
    const res = await c.kv.txn({
      compare: [
        {
          key: from,
          range_end: end,
          target: 'Mod',
          result: 'Less',
          mod_revision: (BigInt(seen.revision as string) + 1n).toString(),
        },
      ],
      success: [
        {
          request_put: {
            key: Buffer.from(target),
            value: Buffer.from(sealValue(key, target, JSON.stringify(raw))),
          },
        },
        { request_delete_range: { key: from, range_end: end } },
      ],
    });
    return res.succeeded;
  });
  if (!ok) throw changed();
  return target;
}

/** One member of the cluster and whether it answers on its own (within the store's bound). */
export interface MemberHealth {
  name: string;
  clientUrls: string[];
  reachable: boolean;
}

/**
 * Every member the cluster lists, each asked for its status directly (in parallel), so a
 * paused or partitioned member shows even while the others keep quorum.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH (the member list itself)
 */
export async function memberHealth(store: EtcdStore): Promise<MemberHealth[]> {
  const list = await store.bounded('a member list', (c) => c.cluster.memberList({}));
  return Promise.all(
    list.members.map(async (m) => {
      const one = new EtcdStore({ ...store.settings, endpoints: m.clientURLs.slice(0, 1) });
      const reachable =
        m.clientURLs.length > 0 &&
        (await one
          .bounded('a status request', (c) => c.maintenance.status())
          .then(
            () => true,
            () => false,
          ));
      one.close();
      return { name: m.name || m.ID, clientUrls: m.clientURLs, reachable };
    }),
  );
}

/** Whether anything was sealed here yet (the key check exists). */
export async function sealed(store: EtcdStore): Promise<boolean> {
  return (await store.keyCheck()) !== null;
}

/**
 * Whether this host's key file opens the store: undefined when there is no key file or
 * nothing is sealed yet.
 * @throws STORE_KEY_INVALID, STORE_BACKEND_UNAVAILABLE
 */
export async function keyMatches(store: EtcdStore): Promise<boolean | undefined> {
  const key = await readKeyFile(store.settings.keyFile);
  const check = await store.keyCheck();
  if (key === undefined || check === null) return undefined;
  return openValue(key, store.keyCheckName, check) !== undefined;
}
