import path from 'node:path';
import { sha256Hex, withSharedLock } from '@clawdbot-auth/auth-store';
import { acquireLock, isFsSafeError } from '@clawdbot-auth/fs-safe';
import { LOCK_STALE_MS, locksDir, oauthTimeoutMs, type SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';

/** A lock older than this (not refreshed) is taken over; twice the longest HTTP deadline. */
export { LOCK_STALE_MS };

/** What identifies one grant across profiles, agents and processes. */
export interface GrantIdentity {
  provider: string;
  accountId?: string;
  email?: string;
  refresh?: string;
}

function sha256(s: string): string {
  return sha256Hex(s);
}

/** provider + (accountId, else email, else sha256 of the refresh token). */
export function identityKey(id: GrantIdentity): string {
  const who = id.accountId
    ? `account:${id.accountId}`
    : id.email
      ? `email:${id.email.toLowerCase()}`
      : `refresh:${sha256(id.refresh ?? '')}`;
  return `${id.provider.toLowerCase()}|${who}`;
}

/** `<state>/locks/oauth-<sha256(identity)[:16]>.lock` */
export function identityLockPath(ctx: SyncContext, id: GrantIdentity): string {
  return path.join(locksDir(ctx), `oauth-${sha256(identityKey(id)).slice(0, 16)}.lock`);
}

/**
 * Runs `fn` holding the cross-process lock of one grant. The lock is refreshed while held
 * (so a slow but live holder is never taken over) and released even when `fn` throws.
 * While another process holds it, `peek` is polled: a value from it (that process's
 * rotation, already saved) is returned without taking the lock at all.
 * @throws OAUTH_REFRESH_TRANSIENT (waited longer than two HTTP deadlines)
 */
export async function withIdentityLock<T>(
  ctx: SyncContext,
  id: GrantIdentity,
  fn: () => Promise<T>,
  peek: () => Promise<T | undefined> = async () => undefined,
): Promise<T> {
  const lockPath = identityLockPath(ctx, id);
  const deadline = Date.now() + oauthTimeoutMs(ctx) * 2 + 30_000;
  let peeked: T | undefined;
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(lockPath, {
      lockPath,
      staleMs: LOCK_STALE_MS,
      waitMs: deadline - Date.now(),
      whileWaiting: async () => {
        peeked = await peek();
        return peeked !== undefined;
      },
    });
  } catch (err) {
    throw lockFailed(err);
  }
  if (lock === undefined) return peeked as T;
  try {
    // Hosts sharing one store (etcd) also take the grant's lease-held lock there: this lock
    // only orders the processes of this host. Its TTL is above the HTTP deadline.
    const name = `oauth-${sha256(identityKey(id)).slice(0, 16)}`;
    const ttlMs = oauthTimeoutMs(ctx) + 10_000;
    return await withSharedLock(ctx, name, { ttlMs, deadline }, fn, peek).catch((err) => {
      if ((err as { code?: string }).code !== 'STORE_LOCK_FAILED') throw err;
      throw new ClaudeSyncError('OAUTH_REFRESH_TRANSIENT', 'another host is still refreshing this login', {
        hint: 'try again in a minute',
      });
    });
  } finally {
    await lock.release();
  }
}

/** A busy lock is "try again"; a lock dated in the future or not ours says so (fs-safe's message). */
function lockFailed(err: unknown): unknown {
  if (!isFsSafeError(err)) return err;
  if (err.code === 'LOCK_BUSY') {
    return new ClaudeSyncError('OAUTH_REFRESH_TRANSIENT', 'another process is still refreshing this login', {
      hint: 'try again in a minute',
    });
  }
  return new ClaudeSyncError('OAUTH_REFRESH_TRANSIENT', err.message, {
    path: err.path,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
  });
}
