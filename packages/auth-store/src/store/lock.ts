import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { type HeldLock, withFileLock as withLock } from '@clawdbot-auth/fs-safe';
import { fromFsSafe } from './errors.js';

const DEFAULT_STALE_MS = 10_000;
const MIN_STALE_MS = 5_000;

/**
 * The store lock's stale time: 10 s. CLAWDBOT_AUTH_LOCK_STALE_MS (>= 5000) shortens it, for
 * crash-recovery tests.
 */
export function lockStaleMs(ctx: RuntimeContext): number {
  const raw = Number(ctx.env.CLAWDBOT_AUTH_LOCK_STALE_MS);
  return Number.isFinite(raw) && raw >= MIN_STALE_MS ? raw : DEFAULT_STALE_MS;
}

/**
 * Runs `fn` holding the cross-process lock of `file` (fs-safe's lock: `<file>.lock`, refreshed
 * while held, taken over once stale). A write made under it passes `lock.stillOwned` to its
 * compare-and-swap.
 * @throws STORE_LOCK_FAILED (the real cause: busy, dated in the future, permission), whatever fn throws
 */
export async function withFileLock<T>(
  ctx: RuntimeContext,
  file: string,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  try {
    return await withLock(file, fn, { staleMs: lockStaleMs(ctx) });
  } catch (err) {
    throw fromFsSafe(err);
  }
}
