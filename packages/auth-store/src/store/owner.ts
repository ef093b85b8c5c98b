import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { importLegacyStores } from './legacy.js';
import { isPlainObject } from './parse-store.js';
import { DEFAULT_AGENT_ID, normalizeAgentId, resolveStorePath } from './paths.js';
import { loadStoreFile } from './store-file.js';

/**
 * Prepares an agent's store for a mutation: legacy files imported, ids normalized.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, LEGACY_IMPORT_FAILED
 */
export async function prepareAgent(ctx: RuntimeContext, agentId: string | undefined): Promise<string> {
  const id = normalizeAgentId(agentId);
  await importLegacyStores(ctx, id);
  if (id !== DEFAULT_AGENT_ID) await importLegacyStores(ctx, DEFAULT_AGENT_ID);
  return id;
}

/**
 * The store file that holds a profile's credential for an agent: its own store, or for an
 * agent other than the default one that lacks the id, the default agent's store when it has
 * it (read-through: the credential is never copied, so a refresh token lives in one file).
 * @throws STORE_PARSE_FAILED, STORE_INVALID
 */
export async function ownerStorePath(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
): Promise<string> {
  const own = resolveStorePath(ctx, agentId);
  if (agentId === DEFAULT_AGENT_ID) return own;
  const mine = await loadStoreFile(ctx, own);
  if (hasProfile(mine.raw.profiles, profileId)) return own;
  const mainPath = resolveStorePath(ctx, DEFAULT_AGENT_ID);
  const main = await loadStoreFile(ctx, mainPath);
  return hasProfile(main.raw.profiles, profileId) ? mainPath : own;
}

function hasProfile(profiles: unknown, id: string): boolean {
  return isPlainObject(profiles) && Object.hasOwn(profiles, id);
}
