import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { keepCorruptCopy, readState, updateFile } from '@clawdbot-auth/fs-safe';
import { AuthStoreError, fromFsSafe } from './errors.js';
import { lockStaleMs } from './lock.js';
import { decodeStoreBytes, parseRawStore, type RawStore } from './parse-store.js';

export interface LoadedFile {
  exists: boolean;
  raw: RawStore;
  /** The bytes parsed (absent when there is no file): what a compare-and-swap expects. */
  bytes?: Buffer;
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
 * Reads and parses a store file; a missing file is an empty store. A file that does not parse
 * (bad JSON, invalid UTF-8, duplicate keys) is kept as `<file>.corrupt-<ms>` (fs-safe's one
 * corrupt-copy rule) and never touched.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_READ_FAILED
 */
export async function loadStoreFile(ctx: RuntimeContext, file: string): Promise<LoadedFile> {
  let bytes: Buffer | undefined;
  try {
    bytes = readState(file);
  } catch (err) {
    throw fromFsSafe(err);
  }
  return parseLoaded(ctx, file, bytes);
}

function parseLoaded(ctx: RuntimeContext, file: string, bytes: Buffer | undefined): LoadedFile {
  if (bytes === undefined) return { exists: false, raw: emptyRawStore() };
  try {
    return { exists: true, raw: parseRawStore(decodeStoreBytes(bytes, file), file), bytes };
  } catch (err) {
    if (err instanceof AuthStoreError && err.code === 'STORE_PARSE_FAILED')
      keepCorruptCopy(file, bytes, ctx.now());
    throw err;
  }
}

/**
 * The one write path of the file store (fs-safe's updateFile): lock `file`, re-read it, let
 * `edit` change the parsed JSON in place, write it back atomically (0600) as a
 * compare-and-swap against the bytes read; when another writer got in meanwhile, `edit` runs
 * again on the fresh file. `edit` returns its result, or UNCHANGED to skip the write. A file
 * that does not parse is never written.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function updateStoreFile<T>(
  ctx: RuntimeContext,
  file: string,
  edit: (raw: RawStore, exists: boolean) => T | typeof UNCHANGED,
): Promise<T | undefined> {
  try {
    return await updateFile(
      file,
      (bytes) => {
        const { raw, exists } = parseLoaded(ctx, file, bytes);
        const result = edit(raw, exists);
        if (result === UNCHANGED) return { result: undefined };
        return { write: serializeStore(raw), result };
      },
      { staleMs: lockStaleMs(ctx) },
    );
  } catch (err) {
    throw fromFsSafe(err);
  }
}
