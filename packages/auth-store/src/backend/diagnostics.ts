import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { memberHealth as healthOf, type MemberHealth } from './etcd-cluster.js';
import { clearLock, type EtcdLock, listLocks } from './etcd-lock.js';
import { storeBackend } from './index.js';

export type { EtcdLock, MemberHealth };

/**
 * What doctor checks on the etcd store beyond reaching it: the lock keys (stale ones marked)
 * and each member's own answer. Undefined on the file store.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH, STORE_BACKEND_CONFIG
 */
export async function etcdDiagnostics(
  ctx: RuntimeContext,
): Promise<{ locks: EtcdLock[]; members: MemberHealth[] } | undefined> {
  const store = (await storeBackend(ctx)).etcd;
  if (store === undefined) return undefined;
  return { locks: await listLocks(store), members: await healthOf(store) };
}

/**
 * Removes a stale etcd lock if it is still the one listed (same mod_revision); true when removed.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
 */
export async function clearEtcdLock(ctx: RuntimeContext, lock: EtcdLock): Promise<boolean> {
  const store = (await storeBackend(ctx)).etcd;
  return store === undefined ? false : clearLock(store, lock);
}
