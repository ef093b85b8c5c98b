import fs from 'node:fs';
import path from 'node:path';
import { errnoOf, FsSafeError, safeCause } from './errors.js';

/*
 * Synchronous on purpose: state files are a few KB, and sync calls keep the time between
 * re-read and rename (the time a lock is held) short, with no thread-pool hop per call.
 */

/** Mode of every directory we create. */
export const DIR_MODE = 0o700;
/** Mode of every file we write (unless a caller keeps another file's mode). */
export const FILE_MODE = 0o600;

/**
 * Creates `dir` and its missing parents. Every directory this call creates ends up exactly
 * 0700 whatever the umask (a directory the user already has keeps its mode).
 * @throws WRITE_FAILED
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!isDir(cur)) {
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode: DIR_MODE });
      fs.chmodSync(d, DIR_MODE);
    } catch (err) {
      if (errnoOf(err) === 'EEXIST' && isDir(d)) continue;
      throw new FsSafeError('WRITE_FAILED', `Cannot create directory ${d} (${errnoOf(err) ?? 'error'}).`, {
        path: d,
        hint: `check the permissions of ${path.dirname(d)}`,
        cause: safeCause(err),
      });
    }
  }
}

function isDir(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The symlink policy of every state file: a write follows the link (a chain of links too) and
 * replaces the file it points to, atomically, in that file's directory. The link itself stays.
 * A missing file (or a dangling link's target) is written where the path leads.
 * @throws WRITE_FAILED (a loop of links)
 */
export function resolveWriteTarget(file: string): string {
  let cur = path.resolve(file);
  for (let hops = 0; hops < 32; hops++) {
    const st = fs.lstatSync(cur, { throwIfNoEntry: false });
    if (st === undefined || !st.isSymbolicLink()) return cur;
    cur = path.resolve(path.dirname(cur), fs.readlinkSync(cur));
  }
  throw new FsSafeError('WRITE_FAILED', `Cannot write ${file}: too many levels of symbolic links.`, {
    path: file,
    hint: `point ${file} at a regular file (ls -l ${file})`,
  });
}

/** What `writeFileAtomic` checks just before its rename (compare-and-swap). */
export interface WriteOptions {
  /** File mode of the new file (default 0600), set at open and again with fchmod. */
  mode?: number;
  /**
   * The bytes the caller read (null: the file did not exist). Just before the rename the
   * file is read again; if it differs the write is dropped with WRITE_CONFLICT.
   */
  expect?: Buffer | null;
  /** Also checked just before the rename: false drops the write with WRITE_CONFLICT. */
  stillOwned?: () => boolean;
}

/**
 * Writes `content` to `file` atomically: a temp file in the target's directory, mode 0600 from
 * open, fsync, (compare-and-swap check), rename over the target, fsync the directory. A reader
 * sees the old bytes or the new bytes, never a mix. Symlinks are followed (see resolveWriteTarget).
 * @throws WRITE_FAILED, WRITE_CONFLICT
 */
export function writeFileAtomic(file: string, content: string | Buffer, opts: WriteOptions = {}): void {
  const target = resolveWriteTarget(file);
  const dir = path.dirname(target);
  const mode = opts.mode ?? FILE_MODE;
  // not node:crypto (costly to load for every command): the name only has to be unlikely to
  // clash, and O_EXCL makes a clash fail instead of sharing the file
  const rand = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  const tmp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${rand}`);
  try {
    createSynced(tmp, content, mode);
    if (!unchangedSince(target, opts)) {
      throw new FsSafeError('WRITE_CONFLICT', `${file} changed while it was being written.`, {
        path: file,
        hint: 'retry the command',
      });
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if (err instanceof FsSafeError) throw err;
    throw new FsSafeError('WRITE_FAILED', `Cannot write ${file} (${errnoOf(err) ?? 'error'}).`, {
      path: file,
      hint: `check free space and the permissions of ${dir}`,
      cause: safeCause(err),
    });
  }
  syncDir(dir);
}

function unchangedSince(target: string, opts: WriteOptions): boolean {
  if (opts.stillOwned !== undefined && !opts.stillOwned()) return false;
  if (opts.expect === undefined) return true;
  const now = readIfExists(target);
  if (opts.expect === null) return now === undefined;
  return now?.equals(opts.expect) === true;
}

/** fsync a directory so a rename in it survives a power cut; a no-op where not supported. */
export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // some platforms cannot fsync a directory; the rename is still atomic
  }
}

/**
 * Writes bytes to a new file created with `mode` (default 0600) that must not exist yet,
 * fsynced. Returns false when the target already exists.
 * @throws WRITE_FAILED
 */
export function writeNewFile(file: string, content: string | Buffer, mode = FILE_MODE): boolean {
  try {
    createSynced(file, content, mode);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return false;
    throw new FsSafeError('WRITE_FAILED', `Cannot write ${file} (${errnoOf(err) ?? 'error'}).`, {
      path: file,
      hint: `check free space and the permissions of ${path.dirname(file)}`,
      cause: safeCause(err),
    });
  }
}

/**
 * Creates `file` (it must not exist: O_EXCL), with `mode` from the open on (whatever the
 * umask), writes `content`, fsyncs and closes it. Errors are thrown as they are.
 */
function createSynced(file: string, content: string | Buffer, mode: number): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a file, or undefined when it does not exist. Other errors are thrown as they are
 * (callers name them in their own terms).
 */
export function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}
