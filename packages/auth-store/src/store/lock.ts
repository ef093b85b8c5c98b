import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import type { LockOptions } from 'proper-lockfile';
import { AuthStoreError, safeCause } from './errors.js';
import { ensureDir } from './fs-safe.js';

const DEFAULT_STALE_MS = 10_000;
const MIN_STALE_MS = 5_000;
const WAIT_LIMIT_MS = 60_000;
const MAX_DELAY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock, retrying ELOCKED with jittered exponential backoff (2 ms up to 100 ms) for up
 * to a minute. Our own loop: proper-lockfile's `retries` precomputes every timeout per call,
 * which costs more than the lock itself when the count is high enough for 50 contenders.
 */
async function acquire(file: string, opts: LockOptions): Promise<() => Promise<void>> {
  // Loaded on first use: a read-only command (e.g. `models status` with nothing to sync) never locks.
  const { default: lockfile } = await import('proper-lockfile');
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(file, opts);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
        throw new AuthStoreError(
          'STORE_LOCK_FAILED',
          `Cannot lock ${file}: another process holds ${file}.lock.`,
          {
            path: file,
            hint: 'wait for the other clawdbot process to finish, then retry',
            cause: safeCause(err),
          },
        );
      }
      await sleep(Math.random() * Math.min(MAX_DELAY_MS, 2 * 1.5 ** attempt));
    }
  }
}

/**
 * The lock's stale time: 10 s. CLAWDBOT_AUTH_LOCK_STALE_MS (>= 5000, proper-lockfile's floor)
 * shortens it, for crash-recovery tests.
 */
export function lockStaleMs(ctx: RuntimeContext): number {
  const raw = Number(ctx.env.CLAWDBOT_AUTH_LOCK_STALE_MS);
  return Number.isFinite(raw) && raw >= MIN_STALE_MS ? raw : DEFAULT_STALE_MS;
}

/**
 * Runs `fn` holding the cross-process lock of `file`. The lock is a sibling `<file>.lock`
 * (a directory, made by proper-lockfile), so the file itself need not exist. The lock's mtime
 * is refreshed while held; a holder killed with SIGKILL leaves a lock that the next caller
 * takes over once it is stale. Retries back off with jitter so many processes all get through.
 * @throws STORE_LOCK_FAILED
 */
export async function withFileLock<T>(ctx: RuntimeContext, file: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(path.dirname(file));
  const stale = lockStaleMs(ctx);
  let compromised: Error | undefined;
  const release = await acquire(file, {
    lockfilePath: `${file}.lock`,
    realpath: false,
    stale,
    update: Math.max(1000, Math.floor(stale / 4)),
    onCompromised: (err) => {
      compromised = err;
    },
  });
  try {
    const result = await fn();
    if (compromised !== undefined) throw lockLost(file);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function lockLost(file: string): AuthStoreError {
  return new AuthStoreError(
    'STORE_LOCK_FAILED',
    `The lock on ${file} was lost while writing; the write may not be applied.`,
    {
      path: file,
      hint: 'retry the command',
    },
  );
}
