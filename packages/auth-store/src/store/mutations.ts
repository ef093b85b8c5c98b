import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { storeBackend } from '../backend/index.js';
import type { Credential } from '../schema.js';
import {
  dropProfile,
  normalizeProfileId,
  providerOf,
  putProfile,
  recordOf,
  validCredential,
} from './entry-edits.js';
import { AuthStoreError } from './errors.js';
import { prepareAgent } from './owner.js';
import { isPlainObject } from './parse-store.js';
import { resolveAgentDir } from './paths.js';
import { readStore } from './read-store.js';
import { UNCHANGED } from './store-file.js';

/**
 * Adds or replaces one profile in the agent's own store (locked, re-read, atomic 0600 write).
 * @throws PROFILE_INVALID, STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function upsertProfile(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  credential: Credential,
): Promise<void> {
  const id = normalizeProfileId(profileId);
  const cred = validCredential(id, credential);
  const agent = await prepareAgent(ctx, agentId);
  await (await storeBackend(ctx)).update(agent, (raw) => putProfile(raw, id, cred));
}

/**
 * Removes one profile from the agent's own store with its order/lastGood/usageStats/dead
 * references; `tombstone` (a grant fingerprint) stops sync from importing that grant again.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function removeProfile(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  opts: { tombstone?: string } = {},
): Promise<boolean> {
  const id = normalizeProfileId(profileId);
  const agent = await prepareAgent(ctx, agentId);
  let existed = false;
  await (await storeBackend(ctx)).update(agent, (raw) => {
    existed = isPlainObject(raw.profiles) && Object.hasOwn(raw.profiles, id);
    if (!existed && opts.tombstone === undefined) return UNCHANGED;
    dropProfile(raw, id, opts.tombstone);
  });
  return existed;
}

/**
 * Sets the agent's order override for a provider (duplicates dropped). Ids must name stored
 * profiles (read-through ones included) of that provider.
 * @throws PROFILE_NOT_FOUND, PROFILE_PROVIDER_MISMATCH, STORE_PARSE_FAILED, STORE_WRITE_FAILED
 */
export async function setOrder(
  ctx: RuntimeContext,
  agentId: string,
  provider: string,
  ids: string[],
): Promise<string[]> {
  const prov = provider.trim().toLowerCase();
  const wanted = [...new Set(ids.map(normalizeProfileId))];
  const view = await readStore(ctx, agentId);
  for (const id of wanted) {
    const cred = view.store.profiles[id];
    if (cred === undefined) {
      throw new AuthStoreError(
        'PROFILE_NOT_FOUND',
        `Auth profile "${id}" not found in ${resolveAgentDir(ctx, view.agentId)}.`,
        {
          path: view.path,
          hint: `list profiles with: clawdbot models status --agent ${view.agentId}`,
        },
      );
    }
    if (providerOf(id, cred) !== prov) {
      throw new AuthStoreError(
        'PROFILE_PROVIDER_MISMATCH',
        `Auth profile "${id}" is for ${providerOf(id, cred)}, not ${prov}.`,
        {
          path: view.path,
          hint: `use profiles of ${prov} only: clawdbot models auth order set --provider ${prov} <profileId>...`,
        },
      );
    }
  }
  await (await storeBackend(ctx)).update(view.agentId, (raw) => {
    recordOf(raw, 'order')[prov] = wanted;
  });
  return wanted;
}

/**
 * Drops the agent's order override for a provider (no write when there is none).
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function clearOrder(ctx: RuntimeContext, agentId: string, provider: string): Promise<void> {
  const prov = provider.trim().toLowerCase();
  const agent = await prepareAgent(ctx, agentId);
  await (await storeBackend(ctx)).update(agent, (raw) => {
    if (!isPlainObject(raw.order) || !Object.hasOwn(raw.order, prov)) return UNCHANGED;
    delete raw.order[prov];
    if (Object.keys(raw.order).length === 0) delete raw.order;
  });
}
