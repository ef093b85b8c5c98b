import fs from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { writeFileAtomic } from '@clawdbot-auth/fs-safe';
import { credentialFacts, recordAuthEvent } from '../journal/record.js';
import { archive, exists } from './archive.js';
import { recordOf } from './entry-edits.js';
import { AuthStoreError, fromFsSafe } from './errors.js';
import { copyLegacyAgentDir } from './legacy-dir.js';
import { withFileLock } from './lock.js';
import { isPlainObject, type RawStore } from './parse-store.js';
import {
  DEFAULT_AGENT_ID,
  LEGACY_AGENT_STORE,
  resolveAgentDir,
  resolveLegacyAgentDir,
  resolveLegacyOAuthPath,
  resolveStorePath,
} from './paths.js';
import { loadStoreFile, serializeStore } from './store-file.js';

/**
 * Legacy imports (spec 01). Each one: under the store lock, copy into the store, read the store
 * back and check every copied entry, and only then rename the source to
 * `<name>.migrated-<ms>`. A second run finds no source and does nothing.
 */
export interface LegacyResult {
  imported: string[];
  warnings: string[];
}

type EntryMapper = (provider: string, entry: Record<string, unknown>) => Record<string, unknown>;

const fromAuthJson: EntryMapper = (provider, e) => ({
  type: inferType(e),
  ...e,
  provider: normProvider(e, provider),
});
const fromOAuthJson: EntryMapper = (provider, e) => ({
  ...e,
  type: 'oauth',
  provider: normProvider(e, provider),
});

function normProvider(e: Record<string, unknown>, key: string): string {
  return (typeof e.provider === 'string' && e.provider !== '' ? e.provider : key).toLowerCase();
}

function inferType(e: Record<string, unknown>): string {
  if (typeof e.type === 'string') return e.type;
  if ('key' in e) return 'api_key';
  if ('access' in e || 'refresh' in e) return 'oauth';
  return 'token';
}

/**
 * Stores (by path) for which this process found no legacy source: legacy files come from old
 * versions and do not reappear, so a long-running process checks each store once.
 */
const nothingToImport = new Set<string>();

async function anySource(ctx: RuntimeContext, agentId: string): Promise<boolean> {
  const sources = [path.join(resolveAgentDir(ctx, agentId), LEGACY_AGENT_STORE)];
  if (agentId === DEFAULT_AGENT_ID) sources.push(resolveLegacyOAuthPath(ctx), resolveLegacyAgentDir(ctx));
  for (const s of sources) if (await exists(s)) return true;
  return false;
}

/**
 * Runs every legacy import that applies to this agent; cheap when there is nothing to import.
 * @throws STORE_PARSE_FAILED, STORE_INVALID (of the target store), LEGACY_IMPORT_FAILED
 */
export async function importLegacyStores(ctx: RuntimeContext, agentId: string): Promise<LegacyResult> {
  const result: LegacyResult = { imported: [], warnings: [] };
  const key = `${resolveStorePath(ctx, agentId)}\0${resolveLegacyOAuthPath(ctx)}`;
  if (nothingToImport.has(key)) return result;
  if (agentId === DEFAULT_AGENT_ID) await copyLegacyAgentDir(ctx, result);
  const agentDir = resolveAgentDir(ctx, agentId);
  await importFlatFile(ctx, agentId, path.join(agentDir, LEGACY_AGENT_STORE), fromAuthJson, result);
  if (agentId === DEFAULT_AGENT_ID)
    await importFlatFile(ctx, agentId, resolveLegacyOAuthPath(ctx), fromOAuthJson, result);
  if (result.imported.length === 0 && result.warnings.length === 0 && !(await anySource(ctx, agentId))) {
    nothingToImport.add(key);
  }
  return result;
}

async function importFlatFile(
  ctx: RuntimeContext,
  agentId: string,
  source: string,
  map: EntryMapper,
  result: LegacyResult,
): Promise<void> {
  if (!(await exists(source))) return;
  const storePath = resolveStorePath(ctx, agentId);
  await withFileLock(ctx, storePath, async (lock) => {
    const text = await fs.readFile(source, 'utf8').catch(() => undefined);
    if (text === undefined) return; // imported meanwhile by another process
    let legacy: unknown;
    try {
      legacy = JSON.parse(text);
    } catch {
      legacy = undefined;
    }
    if (!isPlainObject(legacy)) {
      result.warnings.push(`${source}: not a JSON object; not imported (left in place)`);
      return;
    }
    const { raw, bytes } = await loadStoreFile(ctx, storePath);
    const copied = copyEntries(raw, legacy, map);
    if (copied.length > 0) {
      try {
        // compare-and-swap: a conflict keeps the source in place for the next run
        writeFileAtomic(storePath, serializeStore(raw), {
          expect: bytes ?? null,
          stillOwned: lock.stillOwned,
        });
      } catch (err) {
        throw fromFsSafe(err);
      }
    }
    await verifyCopied(ctx, storePath, raw, copied, source);
    await archive(ctx, source);
    result.imported.push(source);
    for (const id of copied) {
      const cred = isPlainObject(raw.profiles) ? raw.profiles[id] : undefined;
      recordAuthEvent(ctx, {
        event: 'imported',
        agent: agentId,
        profileId: id,
        ...credentialFacts(cred),
        cause: `from ${source}`,
        store: storePath,
      });
    }
  });
}

/** Copies each `<provider>` entry to `<provider>:default` unless that id exists. */
function copyEntries(raw: RawStore, legacy: Record<string, unknown>, map: EntryMapper): string[] {
  const profiles = recordOf(raw, 'profiles');
  const copied: string[] = [];
  for (const [provider, entry] of Object.entries(legacy)) {
    if (!isPlainObject(entry)) continue;
    const id = `${provider.trim().toLowerCase()}:default`;
    if (Object.hasOwn(profiles, id)) continue;
    profiles[id] = map(provider, entry);
    copied.push(id);
  }
  return copied;
}

async function verifyCopied(
  ctx: RuntimeContext,
  storePath: string,
  raw: RawStore,
  ids: string[],
  source: string,
): Promise<void> {
  const back = (await loadStoreFile(ctx, storePath)).raw;
  const want = raw.profiles ?? {};
  const got = back.profiles ?? {};
  for (const id of ids) {
    if (JSON.stringify(got[id]) !== JSON.stringify(want[id])) {
      throw new AuthStoreError(
        'LEGACY_IMPORT_FAILED',
        `Importing ${source}: "${id}" did not read back from ${storePath}; ${source} was kept.`,
        {
          path: source,
          hint: 'run: clawdbot doctor',
        },
      );
    }
  }
}
