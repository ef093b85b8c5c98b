import { readdirSync, rmSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { AuthStoreError, safeCause } from './errors.js';
import { readIfExists, writeFileAtomic, writeNewFile } from './fs-safe.js';
import { lockStaleMs, withFileLock } from './lock.js';
import { parseRawStore, type RawStore } from './parse-store.js';

export interface LoadedFile {
  exists: boolean;
  raw: RawStore;
}

/** Returned by an edit function to leave the file as it is. */
export const UNCHANGED = Symbol('unchanged');

/** An empty store as upstream writes it. */
export function emptyRawStore(): RawStore {
  return { version: 1, profiles: {} };
}

/** Serializes like upstream: two-space JSON. */
export function serializeStore(raw: RawStore): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}

/**
 * Reads and parses a store file; a missing file is an empty store. On a parse failure a copy
 * `<file>.corrupt-<ms>` (0600) is kept, once per distinct content, and the file is not touched.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_READ_FAILED
 */
export async function loadStoreFile(ctx: RuntimeContext, file: string): Promise<LoadedFile> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readIfExists(file);
  } catch (err) {
    throw new AuthStoreError('STORE_READ_FAILED', `Cannot read ${file}.`, {
      path: file,
      hint: `check the permissions of ${file}`,
      cause: safeCause(err),
    });
  }
  if (bytes === undefined) return { exists: false, raw: emptyRawStore() };
  try {
    return { exists: true, raw: parseRawStore(bytes.toString('utf8'), file) };
  } catch (err) {
    if (err instanceof AuthStoreError && err.code === 'STORE_PARSE_FAILED') {
      await keepCorruptCopy(ctx, file, bytes).catch(() => undefined);
    }
    throw err;
  }
}

async function keepCorruptCopy(ctx: RuntimeContext, file: string, bytes: Buffer): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.corrupt-`;
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const existing = await readIfExists(path.join(dir, name)).catch(() => undefined);
    if (existing?.equals(bytes)) return;
  }
  let stamp = ctx.now();
  while (!(await writeNewFile(`${file}.corrupt-${stamp}`, bytes))) stamp += 1;
}

/**
 * The one write path: lock `file`, re-read it from disk, let `edit` change the parsed JSON in
 * place, write it back atomically (0600). `edit` returns its result, or UNCHANGED to skip the
 * write. A file that does not parse is never written.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function updateStoreFile<T>(
  ctx: RuntimeContext,
  file: string,
  edit: (raw: RawStore, exists: boolean) => T | typeof UNCHANGED,
): Promise<T | undefined> {
  return withFileLock(ctx, file, async () => {
    removeDeadTempFiles(ctx, file);
    const { raw, exists } = await loadStoreFile(ctx, file);
    const result = edit(raw, exists);
    if (result === UNCHANGED) return undefined;
    await writeFileAtomic(file, serializeStore(raw));
    return result;
  });
}

const sweptDirs = new Set<string>();

/**
 * A writer killed between open and rename leaves `.auth-profiles.json.tmp-*` behind. Under the
 * lock, once per process and store, temp files older than the lock's stale time go: no live
 * writer can still own one (it would hold the lock, and a write takes milliseconds).
 */
function removeDeadTempFiles(ctx: RuntimeContext, file: string): void {
  if (sweptDirs.has(file)) return;
  sweptDirs.add(file);
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.tmp-`;
  const cutoff = Date.now() - lockStaleMs(ctx);
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix)) continue;
      const p = path.join(dir, name);
      if ((statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < cutoff) rmSync(p, { force: true });
    }
  } catch {
    // best effort: a leftover temp file is clutter, not data loss
  }
}
