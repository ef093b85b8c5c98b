import os from 'node:os';
import type { Lease } from 'etcd3';
import { AuthStoreError } from '../store/errors.js';
import { enc } from './etcd-codec.js';
import type { EtcdStore } from './etcd-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Who holds a lock, written as its value (no secret): host name, process id, since when. */
export interface LockHolder {
  host: string;
  pid: number;
  since: number;
}

function holderValue(): string {
  return JSON.stringify({ host: os.hostname(), pid: process.pid, since: Date.now() } satisfies LockHolder);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.host === 'string' && Number.isInteger(v.pid) && typeof v.since === 'number')
      return v as LockHolder;
  } catch {
    // a lock not written by us
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock key found under `<prefix>/locks/`, and why it is stale when it is. */
export interface EtcdLock {
  key: string;
  mod: string;
  /** The lease id; '0' when the key has none. */
  lease: string;
  /** Seconds the lease has left (absent without a lease). */
  ttlSeconds?: number;
  holder?: LockHolder;
  /**
   * no-lease: never expires (not written by clawdbot); lease-gone: its lease no longer exists;
   * holder-dead: held by a process of this host that is no longer running (the lease still
   * runs out by itself within ttlSeconds).
   */
  stale?: 'no-lease' | 'lease-gone' | 'holder-dead';
}

/**
 * The lock keys under `<prefix>/locks/` with their lease and holder, each stale one marked.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
 */
export async function listLocks(store: EtcdStore): Promise<EtcdLock[]> {
  const res = await store.bounded('a read', (c) =>
    c.getAll().prefix(`${store.settings.prefix}/locks/`).exec(),
  );
  const out: EtcdLock[] = [];
  for (const kv of res.kvs) {
    const lock: EtcdLock = { key: kv.key.toString(), mod: String(kv.mod_revision), lease: String(kv.lease) };
    const holder = parseHolder(kv.value.toString());
    if (holder !== undefined) lock.holder = holder;
    if (lock.lease === '0') lock.stale = 'no-lease';
    else {
      const ttl = await store.bounded('a lease lookup', (c) =>
        c.leaseClient.leaseTimeToLive({ ID: lock.lease }),
      );
      lock.ttlSeconds = Number(ttl.TTL);
      if (lock.ttlSeconds < 0) lock.stale = 'lease-gone';
      else if (holder !== undefined && holder.host === os.hostname() && !processAlive(holder.pid))
        lock.stale = 'holder-dead';
    }
    out.push(lock);
  }
  return out;
}

/**
 * Removes a lock if it is still the one listed (same mod_revision), and revokes its lease.
 * Returns whether it was removed.
 * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
 */
export async function clearLock(
  store: EtcdStore,
  lock: Pick<EtcdLock, 'key' | 'mod' | 'lease'>,
): Promise<boolean> {
  const removed = await store.bounded('a write', async (c) => {
    const res = await c.if(lock.key, 'Mod', '==', lock.mod).then(c.delete().key(lock.key)).commit();
    return res.succeeded;
  });
  if (removed && lock.lease !== '0')
    await store
      .bounded('a release', (c) => c.leaseClient.leaseRevoke({ ID: lock.lease }))
      .catch(() => undefined);
  return removed;
}

/**
 * Takes the lease-held lock `<prefix>/locks/<name>`: the lease (TTL `ttlMs`, above the HTTP
 * deadline of what the lock guards) is kept alive while held and revoked on release; a holder
 * that dies or is cut off loses it when the TTL runs out. Polls until `deadline`;
 * `whileWaiting` returning true stops waiting (what the holder made is already there).
 * @throws STORE_LOCK_FAILED (deadline), STORE_BACKEND_UNAVAILABLE
 */
export async function takeLock(
  store: EtcdStore,
  name: string,
  opts: { ttlMs: number; deadline: number; whileWaiting?: () => Promise<boolean> },
): Promise<{ release(): Promise<void> } | null> {
  const key = `${store.settings.prefix}/locks/${enc(name)}`;
  const ttl = Math.max(2, Math.ceil(opts.ttlMs / 1000));
  for (let attempt = 0; ; attempt++) {
    // Our own lease lock (not etcd3's Lock): its lease has no keepalive stream of its own, so
    // nothing is left running after a release, even when a member died mid-call; the holder
    // renews the lease itself (an unref'd timer: it never keeps the process alive).
    let lease: Lease | undefined;
    const acquired = await store
      .bounded('a lock', async (c) => {
        lease = c.lease(ttl, { autoKeepAlive: false });
        const id = await lease.grant();
        const res = await c
          .if(key, 'Create', '==', 0)
          .then(c.put(key).value(holderValue()).lease(id))
          .commit();
        return res.succeeded;
      })
      .catch((err: unknown) => {
        lease?.revoke().catch(() => undefined);
        throw err;
      });
    const mine = lease as Lease;
    if (acquired) {
      const renew = setInterval(() => mine.keepaliveOnce().catch(() => undefined), (ttl * 1000) / 3);
      renew.unref();
      return {
        release: async () => {
          clearInterval(renew);
          await store.bounded('a release', () => mine.revoke()).catch(() => undefined);
        },
      };
    }
    mine.revoke().catch(() => undefined);
    if (Date.now() > opts.deadline) {
      throw new AuthStoreError('STORE_LOCK_FAILED', `Another host still holds ${key} on ${store.url}.`, {
        hint: 'wait for the other host to finish, then retry',
      });
    }
    if (opts.whileWaiting !== undefined && (await opts.whileWaiting())) return null;
    await sleep(50 + Math.random() * Math.min(250, 50 * attempt));
  }
}
