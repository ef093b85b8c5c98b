import fs from 'node:fs';
import path from 'node:path';
import { errnoOf, FsSafeError, safeCause } from './errors.js';
import { ensureDir, resolveWriteTarget } from './write.js';

/** A lock not refreshed for this long is taken over (proper-lockfile's floor is 2 s). */
export const DEFAULT_STALE_MS = 10_000;
const MIN_STALE_MS = 2_000;
const DEFAULT_WAIT_MS = 60_000;
const MAX_DELAY_MS = 100;

export interface LockOptions {
  /** Where the lock lives (a directory); default `<file>.lock` beside the file written. */
  lockPath?: string;
  /** A holder that stops refreshing its lock for this long is taken over (default 10 s). */
  staleMs?: number;
  /** How long to wait for a live holder before LOCK_BUSY (default 60 s). */
  waitMs?: number;
  /**
   * Polled between attempts while another process holds the lock; returning true stops
   * waiting and `acquireLock` resolves undefined (e.g. that process already did our work).
   */
  whileWaiting?: () => Promise<boolean>;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly lockPath: string;
  /** False once another process took the lock over (we were paused past the stale time). */
  stillOwned(): boolean;
  /** Removes the lock, unless another process has taken it over meanwhile. Never throws. */
  release(): Promise<void>;
}

/** The lock directory of `file`: `<target>.lock`, where target is the file a write replaces. */
export function lockPathFor(file: string): string {
  return `${resolveWriteTarget(file)}.lock`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LockRecord {
  mtime: Date;
  released?: boolean;
}

interface LockfileModule {
  lock: typeof import('proper-lockfile').lock;
  getLocks?: () => Record<string, LockRecord>;
}

let loaded: Promise<LockfileModule> | undefined;
/** Loaded on first use: a read-only command never locks. */
function lockfile(): Promise<LockfileModule> {
  loaded ??= Promise.all([import('proper-lockfile'), import('proper-lockfile/lib/lockfile.js')]).then(
    ([main, lib]) => ({
      lock: main.default.lock,
      getLocks: (lib as { default?: { getLocks?: () => Record<string, LockRecord> } }).default?.getLocks,
    }),
  );
  return loaded;
}

/**
 * Takes the cross-process lock of `file` (proper-lockfile: an atomic mkdir, refreshed while
 * held, taken over once stale). Waits with jittered backoff for a live holder. Names the real
 * cause when it cannot: a lock dated in the future, no permission, a busy holder.
 * Resolves undefined only when `whileWaiting` said to stop waiting.
 * @throws LOCK_BUSY, LOCK_FUTURE, LOCK_DENIED
 */
export async function acquireLock(file: string, opts: LockOptions = {}): Promise<HeldLock | undefined> {
  const lockPath = opts.lockPath ?? lockPathFor(file);
  const stale = Math.max(MIN_STALE_MS, opts.staleMs ?? DEFAULT_STALE_MS);
  ensureDir(path.dirname(lockPath));
  const lib = await lockfile();
  const key = path.resolve(lockPath);
  const deadline = Date.now() + (opts.waitMs ?? DEFAULT_WAIT_MS);
  let compromised = false;
  for (let attempt = 0; ; attempt++) {
    let release: (() => Promise<void>) | undefined;
    try {
      // keyed on the lock path itself, so one file reached through two links shares one lock
      release = await lib.lock(key, {
        lockfilePath: key,
        realpath: false,
        stale,
        update: Math.max(1000, Math.floor(stale / 4)),
        onCompromised: () => {
          compromised = true;
        },
      });
    } catch (err) {
      if (errnoOf(err) !== 'ELOCKED') throw lockDenied(file, lockPath, err);
      const future = futureLock(file, lockPath, stale);
      if (future) throw future;
      if (Date.now() > deadline) throw lockBusy(file, lockPath);
    }
    if (release !== undefined) {
      const record = lib.getLocks?.()[key];
      return held(lockPath, release, record, () => compromised);
    }
    if (opts.whileWaiting !== undefined && (await opts.whileWaiting())) return undefined;
    await sleep(Math.random() * Math.min(MAX_DELAY_MS, 2 * 1.5 ** attempt));
  }
}

function held(
  lockPath: string,
  release: () => Promise<void>,
  record: LockRecord | undefined,
  compromised: () => boolean,
): HeldLock {
  const owned = (): boolean => {
    if (compromised() || record?.released === true) return false;
    const st = fs.statSync(lockPath, { throwIfNoEntry: false });
    if (st === undefined) return false;
    return record === undefined || st.mtime.getTime() === record.mtime.getTime();
  };
  return {
    lockPath,
    stillOwned: owned,
    async release() {
      // The refresh timer may have just touched the lock: give its callback a turn first.
      if (!owned()) await sleep(20);
      if (owned()) await release().catch(() => undefined);
    },
  };
}

/** A lock whose mtime lies more than one stale period ahead never goes stale: say so now. */
function futureLock(file: string, lockPath: string, stale: number): FsSafeError | undefined {
  const st = fs.statSync(lockPath, { throwIfNoEntry: false });
  if (st === undefined || st.mtimeMs <= Date.now() + stale) return undefined;
  return new FsSafeError(
    'LOCK_FUTURE',
    `Cannot lock ${file}: the lock ${lockPath} is dated in the future (${st.mtime.toISOString()}), so it never expires; was the clock changed?`,
    { path: file, hint: clearHint(lockPath) },
  );
}

function lockBusy(file: string, lockPath: string): FsSafeError {
  return new FsSafeError('LOCK_BUSY', `Cannot lock ${file}: another process holds ${lockPath}.`, {
    path: file,
    hint: 'wait for the other clawdbot process to finish, then retry',
  });
}

function lockDenied(file: string, lockPath: string, err: unknown): FsSafeError {
  const code = errnoOf(err) ?? 'error';
  const dir = path.dirname(lockPath);
  const exists = fs.statSync(lockPath, { throwIfNoEntry: false });
  const owner = ownerNote(exists ? lockPath : dir);
  const what = exists
    ? `cannot take over the stale lock ${lockPath}${owner}`
    : `cannot create the lock ${lockPath} in ${dir}${owner}`;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code;
  return new FsSafeError('LOCK_DENIED', `Cannot lock ${file}: ${what} (${why}).`, {
    path: file,
    hint: exists ? clearHint(lockPath) : `make ${dir} writable for your user (ls -ld ${dir})`,
    cause: safeCause(err),
  });
}

function ownerNote(p: string): string {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  const uid = process.getuid?.();
  if (st === undefined || uid === undefined || st.uid === uid) return '';
  return ` (owned by uid ${st.uid}, you are uid ${uid})`;
}

function clearHint(lockPath: string): string {
  return `if no clawdbot process is running: clawdbot doctor --fix --force (or remove ${lockPath})`;
}

/**
 * Runs `fn` holding the lock of `file`; the lock is released even when `fn` throws.
 * @throws LOCK_BUSY, LOCK_FUTURE, LOCK_DENIED, whatever `fn` throws
 */
export async function withFileLock<T>(
  file: string,
  fn: (lock: HeldLock) => Promise<T> | T,
  opts: Omit<LockOptions, 'whileWaiting'> = {},
): Promise<T> {
  const lock = (await acquireLock(file, opts)) as HeldLock;
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

/** What a lock on disk looks like to `clawdbot doctor`. */
export interface LockInfo {
  lockPath: string;
  /** held: refreshed lately; stale: left by a process that died; future: dated ahead; */
  state: 'held' | 'stale' | 'future';
  /** True when another user owns it. */
  foreign: boolean;
  ownerUid: number;
  mtimeMs: number;
}

/** Describes the lock at `lockPath`, or undefined when there is none. Never throws. */
export function inspectLock(
  lockPath: string,
  opts: { staleMs?: number; now?: number } = {},
): LockInfo | undefined {
  const st = fs.statSync(lockPath, { throwIfNoEntry: false });
  if (st === undefined) return undefined;
  const stale = Math.max(MIN_STALE_MS, opts.staleMs ?? DEFAULT_STALE_MS);
  const now = opts.now ?? Date.now();
  const uid = process.getuid?.();
  const state = st.mtimeMs > now + stale ? 'future' : st.mtimeMs < now - stale ? 'stale' : 'held';
  return {
    lockPath,
    state,
    foreign: uid !== undefined && st.uid !== uid,
    ownerUid: st.uid,
    mtimeMs: st.mtimeMs,
  };
}

/**
 * Removes a lock directory (a stuck or foreign one, after the user agreed). A lock that is
 * not a directory of ours is removed only if it is empty.
 * @throws LOCK_DENIED
 */
export function clearLock(lockPath: string): void {
  try {
    fs.rmdirSync(lockPath);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return;
    throw lockDenied(lockPath.replace(/\.lock$/, ''), lockPath, err);
  }
}
