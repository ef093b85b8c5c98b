import type { Lease } from 'etcd3';
import { AuthStoreError } from '../store/errors.js';
import { enc } from './etcd-codec.js';
import type { EtcdStore } from './etcd-store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
        const res = await c.if(key, 'Create', '==', 0).then(c.put(key).value('').lease(id)).commit();
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
