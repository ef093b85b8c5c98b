import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import lockfile from 'proper-lockfile';
import { AuthStoreError, safeCause } from './errors.js';
import { ensureDir } from './fs-safe.js';

const DEFAULT_STALE_MS = 10_000;
const MIN_STALE_MS = 5_000;

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
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      lockfilePath: `${file}.lock`,
      realpath: false,
      stale,
      update: Math.max(1000, Math.floor(stale / 4)),
      retries: { retries: 2000, factor: 1.3, minTimeout: 2, maxTimeout: 60, randomize: true },
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
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
