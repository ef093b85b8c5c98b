import fs from 'node:fs/promises';
import path from 'node:path';
import { withSharedLock } from '@clawdbot-auth/auth-store';
import { DEFAULT_OAUTH_TIMEOUT_MS, locksDir, type SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';
import { nodeCrypto } from './lazy-crypto.js';

/** A lock older than this (not refreshed) is taken over; far above the HTTP deadline. */
export const LOCK_STALE_MS = 120_000;
const LOCK_UPDATE_MS = 10_000;

/** What identifies one grant across profiles, agents and processes. */
export interface GrantIdentity {
  provider: string;
  accountId?: string;
  email?: string;
  refresh?: string;
}

function sha256(s: string): string {
  return nodeCrypto().createHash('sha256').update(s).digest('hex');
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function acquire(lockPath: string, deadline: number, whileWaiting: () => Promise<boolean>) {
  // Loaded on first use: only a refresh takes this lock, not a read.
  const { default: lockfile } = await import('proper-lockfile');
  for (;;) {
    try {
      return await lockfile.lock(lockPath, {
        realpath: false,
        lockfilePath: lockPath,
        stale: LOCK_STALE_MS,
        update: LOCK_UPDATE_MS,
        retries: 0,
        // a compromised lock must not crash the process from a timer; the re-read under
        // the next holder's lock keeps the refresh single anyway
        onCompromised: () => {},
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
        throw new ClaudeSyncError(
          'OAUTH_REFRESH_TRANSIENT',
          'another process is still refreshing this login',
          {
            hint: 'try again in a minute',
          },
        );
      }
    }
    if (await whileWaiting()) return undefined;
    await sleep(50 + Math.random() * 100);
  }
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
  await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + (ctx.oauthTimeoutMs ?? DEFAULT_OAUTH_TIMEOUT_MS) * 2 + 30_000;
  let peeked: T | undefined;
  const release = await acquire(lockPath, deadline, async () => {
    peeked = await peek();
    return peeked !== undefined;
  });
  if (!release) return peeked as T;
  try {
    // Hosts sharing one store (etcd) also take the grant's lease-held lock there: this lock
    // only orders the processes of this host. Its TTL is above the HTTP deadline.
    const name = `oauth-${sha256(identityKey(id)).slice(0, 16)}`;
    const ttlMs = (ctx.oauthTimeoutMs ?? DEFAULT_OAUTH_TIMEOUT_MS) + 10_000;
    return await withSharedLock(ctx, name, { ttlMs, deadline }, fn, peek).catch((err) => {
      if ((err as { code?: string }).code !== 'STORE_LOCK_FAILED') throw err;
      throw new ClaudeSyncError('OAUTH_REFRESH_TRANSIENT', 'another host is still refreshing this login', {
        hint: 'try again in a minute',
      });
    });
  } finally {
    await release().catch(() => {});
  }
}
