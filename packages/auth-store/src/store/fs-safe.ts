import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AuthStoreError, safeCause } from './errors.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Creates `dir` and its missing parents. Every directory this call creates ends up exactly
 * 0700: mkdir's mode is masked by the umask, so we set it again on the dirs we made (only
 * those; a dir the user already has keeps its mode).
 * @throws STORE_WRITE_FAILED
 */
export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!(await isDir(cur))) {
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing) {
    try {
      await fs.mkdir(d, { mode: DIR_MODE });
      await fs.chmod(d, DIR_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await isDir(d))) continue;
      throw new AuthStoreError('STORE_WRITE_FAILED', `Cannot create directory ${d}.`, {
        path: d,
        hint: `check the permissions of ${path.dirname(d)}`,
        cause: safeCause(err),
      });
    }
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes `content` to `file` atomically: a temp file in the same directory, mode 0600 from
 * open (then fchmod, whatever the umask), fsync, rename over the target, fsync the dir.
 * A reader sees the old bytes or the new bytes, never a mix.
 * @throws STORE_WRITE_FAILED
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', FILE_MODE);
    await handle.chmod(FILE_MODE);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new AuthStoreError('STORE_WRITE_FAILED', `Cannot write ${file}.`, {
      path: file,
      hint: `check free space and the permissions of ${dir}`,
      cause: safeCause(err),
    });
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r').catch(() => undefined);
  if (h === undefined) return;
  await h.sync().catch(() => undefined);
  await h.close().catch(() => undefined);
}

/**
 * Copies bytes to a new file created with mode 0600 that must not exist yet.
 * Returns false when the target already exists.
 * @throws STORE_WRITE_FAILED
 */
export async function writeNewFile(file: string, content: string | Buffer): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'wx', FILE_MODE);
    await handle.chmod(FILE_MODE);
    await handle.writeFile(content);
    await handle.sync();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AuthStoreError('STORE_WRITE_FAILED', `Cannot write ${file}.`, {
      path: file,
      cause: safeCause(err),
    });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Reads a file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
