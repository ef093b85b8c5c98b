import fs from 'node:fs';
import path from 'node:path';
import { errnoOf, FsSafeError, safeCause } from './errors.js';
import { acquireLock, DEFAULT_STALE_MS, type HeldLock, type LockOptions } from './lock.js';
import { readIfExists, resolveWriteTarget, writeFileAtomic } from './write.js';

/** What an edit decides: bytes to write (and the caller's result), or only a result. */
export type EditOutcome<T> = { write: string | Buffer; result: T } | { result: T };

export interface UpdateOptions extends Omit<LockOptions, 'whileWaiting'> {
  /** Mode of the written file (default 0600). */
  mode?: number;
  /** How often a write that lost its compare-and-swap starts again from a re-read (default 8). */
  attempts?: number;
  /**
   * Checked under the lock right after the rename, with the bytes now on disk; false puts the
   * previous bytes back and fails with WRITE_FAILED (for writers that verify by reading back).
   */
  verify?: (written: Buffer) => boolean;
}

/**
 * The one read-modify-write of a state file (invariants 1 and 9): take the lock, re-read the
 * file, let `edit` decide from those bytes, write a 0600 temp file, fsync, and, just before
 * the rename, check that the file is still the one read and the lock still ours
 * (compare-and-swap). When it is not (we were paused past the lock's stale time and another
 * writer got in), the write is dropped and the whole cycle runs again from a fresh read, so
 * no update is lost. `edit` may run more than once and must only depend on its input.
 * A file that cannot be read is never written.
 * @throws READ_FAILED, WRITE_FAILED, WRITE_CONFLICT, LOCK_BUSY, LOCK_FUTURE, LOCK_DENIED, whatever `edit` throws
 */
export async function updateFile<T>(
  file: string,
  edit: (current: Buffer | undefined) => EditOutcome<T> | Promise<EditOutcome<T>>,
  opts: UpdateOptions = {},
): Promise<T> {
  const attempts = opts.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    const lock = (await acquireLock(file, opts)) as HeldLock;
    try {
      sweepDeadTempFiles(file, opts.staleMs ?? DEFAULT_STALE_MS);
      const before = readState(file);
      const outcome = await edit(before);
      if (!('write' in outcome)) return outcome.result;
      try {
        writeFileAtomic(file, outcome.write, {
          mode: opts.mode,
          expect: before ?? null,
          stillOwned: () => lock.stillOwned(),
        });
      } catch (err) {
        if (err instanceof FsSafeError && err.code === 'WRITE_CONFLICT' && attempt < attempts) continue;
        throw err;
      }
      if (opts.verify !== undefined) verifyWrite(file, before, opts);
      return outcome.result;
    } finally {
      await lock.release();
    }
  }
}

/** Reads the current bytes (undefined: no file). @throws READ_FAILED */
export function readState(file: string): Buffer | undefined {
  try {
    return readIfExists(file);
  } catch (err) {
    throw new FsSafeError('READ_FAILED', `Cannot read ${file} (${errnoOf(err) ?? 'error'}).`, {
      path: file,
      hint: `check the permissions of ${file}`,
      cause: safeCause(err),
    });
  }
}

function verifyWrite(file: string, before: Buffer | undefined, opts: UpdateOptions): void {
  const back = readState(file);
  if (back !== undefined && opts.verify?.(back)) return;
  if (before !== undefined) writeFileAtomic(file, before, { mode: opts.mode });
  throw new FsSafeError(
    'WRITE_FAILED',
    `Cannot write ${file}: what was read back did not match what was written.`,
    {
      path: file,
      hint: `check free space and the permissions of ${path.dirname(file)}`,
    },
  );
}

const swept = new Set<string>();

/**
 * A writer killed between open and rename leaves `.<name>.tmp-*` behind. Under the lock, once
 * per process and file, temp files older than the lock's stale time go: no live writer can
 * still own one (it would hold the lock, and a write takes milliseconds). Best effort.
 */
function sweepDeadTempFiles(file: string, staleMs: number): void {
  const target = resolveWriteTarget(file);
  if (swept.has(target)) return;
  swept.add(target);
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.tmp-`;
  const cutoff = Date.now() - staleMs;
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(prefix)) continue;
      const p = path.join(dir, name);
      if ((fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Number.POSITIVE_INFINITY) < cutoff) {
        fs.rmSync(p, { force: true });
      }
    }
  } catch {
    // a leftover temp file is clutter, not data loss
  }
}
