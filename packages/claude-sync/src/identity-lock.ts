import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { locksDir, type SyncContext } from './context.js';

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
  return createHash('sha256').update(s).digest('hex');
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
 */
export async function withIdentityLock<T>(
  ctx: SyncContext,
  id: GrantIdentity,
  fn: () => Promise<T>,
): Promise<T> {
  const lockPath = identityLockPath(ctx, id);
  await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const waitMs = (ctx.oauthTimeoutMs ?? 30_000) * 2 + 30_000;
  const release = await lockfile.lock(lockPath, {
    realpath: false,
    lockfilePath: lockPath,
    stale: LOCK_STALE_MS,
    update: LOCK_UPDATE_MS,
    retries: {
      retries: Math.ceil(waitMs / 200),
      factor: 1.3,
      minTimeout: 20,
      maxTimeout: 200,
      randomize: true,
    },
    // a compromised lock must not crash the process from a timer; the re-read under the
    // next holder's lock keeps the refresh single anyway
    onCompromised: () => {},
  });
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
