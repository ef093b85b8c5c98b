import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import type { StoreBackend } from '../backend/index.js';
import { storeBackend } from '../backend/index.js';
import { importLegacyStores } from './legacy.js';
import { isPlainObject } from './parse-store.js';
import { DEFAULT_AGENT_ID, normalizeAgentId } from './paths.js';

/**
 * Prepares an agent's store for a mutation: legacy files imported, ids normalized.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, LEGACY_IMPORT_FAILED
 */
export async function prepareAgent(ctx: RuntimeContext, agentId: string | undefined): Promise<string> {
  const id = normalizeAgentId(agentId);
  if ((await storeBackend(ctx)).kind !== 'file') return id; // legacy files move with `models auth store migrate`
  await importLegacyStores(ctx, id);
  if (id !== DEFAULT_AGENT_ID) await importLegacyStores(ctx, DEFAULT_AGENT_ID);
  return id;
}

/**
 * The agent whose store holds a profile's credential for an agent: its own store, or for an
 * agent other than the default one that lacks the id, the default agent's store when it has
 * it (read-through: the credential is never copied, so a refresh token lives in one place).
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_BACKEND_UNAVAILABLE
 */
export async function ownerAgent(backend: StoreBackend, agentId: string, profileId: string): Promise<string> {
  if (agentId === DEFAULT_AGENT_ID) return agentId;
  const mine = await backend.load(agentId);
  if (hasProfile(mine.raw.profiles, profileId)) return agentId;
  const main = await backend.load(DEFAULT_AGENT_ID);
  return hasProfile(main.raw.profiles, profileId) ? DEFAULT_AGENT_ID : agentId;
}

function hasProfile(profiles: unknown, id: string): boolean {
  return isPlainObject(profiles) && Object.hasOwn(profiles, id);
}
