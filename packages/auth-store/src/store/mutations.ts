import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import type { KeyringLocation } from '@clawdbot-auth/secrets';
import { storeBackend } from '../backend/index.js';
import { credentialFacts, recordAuthEvent } from '../journal/record.js';
import type { Credential } from '../schema.js';
import {
  dropProfile,
  normalizeProfileId,
  providerOf,
  putProfile,
  recordOf,
  restoreEntry,
  snapshotEntry,
  validCredential,
} from './entry-edits.js';
import { AuthStoreError } from './errors.js';
import { prepareAgent } from './owner.js';
import { isPlainObject } from './parse-store.js';
import { resolveAgentDir } from './paths.js';
import { readStore } from './read-store.js';
import { UNCHANGED } from './store-file.js';

/** Options of {@link upsertProfile}. */
export interface UpsertOptions {
  /**
   * Refuse to replace a stored credential of another type (a login over a pasted key): checked
   * under the lock, on what is on disk. `hint` says how to replace it anyway (e.g. `--force`).
   */
  sameTypeOnly?: { hint: string };
}

/** What {@link upsertProfile} found under the id before it wrote (no secret: type and fingerprint). */
export interface Replaced {
  type: string;
  fingerprint?: string;
  /** The new credential carries the same secret as the one it replaced. */
  sameSecret: boolean;
}

/** What {@link upsertProfile} did, and how to take it back. */
export interface Upserted {
  replaced?: Replaced;
  formerKeyring?: KeyringLocation[];
  /**
   * Puts back what was under the id before (entry, dead mark, tombstone), under the lock, unless
   * another writer replaced our entry since: for a caller whose next step failed. True when it
   * put it back.
   * @throws STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
   */
  undo(): Promise<boolean>;
}

/**
 * Adds or replaces one profile in the agent's own store (locked, re-read, atomic 0600 write).
 * Returns what was there before (read under the lock), so a caller can say it replaced a key.
 * @throws PROFILE_INVALID, PROFILE_TYPE_CONFLICT, STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function upsertProfile(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  credential: Credential,
  opts: UpsertOptions = {},
): Promise<Upserted> {
  const id = normalizeProfileId(profileId);
  const cred = validCredential(id, credential);
  let replaced: Replaced | undefined;
  let formerKeyring: KeyringLocation[] = [];
  let before = snapshotEntry({}, id);
  const agent = await prepareAgent(ctx, agentId);
  const backend = await storeBackend(ctx);
  const file = backend.location(agent);
  await backend.update(agent, (raw) => {
    replaced = undefined; // the update may run again on a re-read: only the last read counts
    const current = isPlainObject(raw.profiles) ? raw.profiles[id] : undefined;
    formerKeyring = keyringItemsOf(current);
    before = snapshotEntry(raw, id);
    const type = isPlainObject(current) ? current.type : undefined;
    if (opts.sameTypeOnly && typeof type === 'string' && type !== cred.type) {
      throw new AuthStoreError(
        'PROFILE_TYPE_CONFLICT',
        `Auth profile "${id}" holds a ${type} credential; not replaced by this ${cred.type} one.`,
        { path: file, hint: opts.sameTypeOnly.hint },
      );
    }
    if (isPlainObject(current)) {
      const before = credentialFacts(current).fingerprint;
      const after = credentialFacts(cred).fingerprint;
      replaced = {
        type: typeof type === 'string' ? type : 'unknown',
        ...(before ? { fingerprint: before } : {}),
        sameSecret: before !== undefined && before === after,
      };
    }
    putProfile(raw, id, cred);
  });
  const kept = keyringItemsOf(cred);
  const dropped = formerKeyring.filter(
    (a) => !kept.some((b) => b.service === a.service && b.account === a.account),
  );
  const written = JSON.stringify(cred);
  const undo = async () => {
    let undone = false;
    await backend.update(agent, (raw) => {
      const current = isPlainObject(raw.profiles) ? raw.profiles[id] : undefined;
      undone = JSON.stringify(current) === written;
      if (!undone) return UNCHANGED;
      restoreEntry(raw, id, before);
    });
    return undone;
  };
  return {
    ...(replaced ? { replaced } : {}),
    ...(dropped.length ? { formerKeyring: dropped } : {}),
    undo,
  };
}

/**
 * The keyring items a stored entry owns (`clawdbot.keyring`, `clawdbot.staleKeyring`), so whoever
 * replaces or removes it can delete them: no orphan left in the keyring.
 * @throws never
 */
export function keyringItemsOf(entry: unknown): KeyringLocation[] {
  const extras = isPlainObject(entry) && isPlainObject(entry.clawdbot) ? entry.clawdbot : {};
  const out: KeyringLocation[] = [];
  for (const key of ['keyring', 'staleKeyring']) {
    const at = extras[key];
    if (isPlainObject(at) && typeof at.service === 'string' && typeof at.account === 'string') {
      out.push({ service: at.service, account: at.account });
    }
  }
  return out;
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
  const backend = await storeBackend(ctx);
  const file = backend.location(agent);
  let existed = false;
  let facts: ReturnType<typeof credentialFacts> = {};
  await backend.update(agent, (raw) => {
    existed = isPlainObject(raw.profiles) && Object.hasOwn(raw.profiles, id);
    if (!existed && opts.tombstone === undefined) return UNCHANGED;
    facts = credentialFacts(isPlainObject(raw.profiles) ? raw.profiles[id] : undefined);
    dropProfile(raw, id, opts.tombstone);
  });
  if (existed || opts.tombstone !== undefined) {
    recordAuthEvent(ctx, {
      event: opts.tombstone === undefined ? 'removed' : 'tombstoned',
      agent,
      profileId: id,
      ...facts,
      cause:
        opts.tombstone === undefined
          ? 'removed by the user'
          : 'removed; sync will not import this grant again',
      store: file,
    });
  }
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
  const wanted = [...new Set(ids.map((id) => normalizeProfileId(id)))];
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
  recordAuthEvent(ctx, {
    event: 'order-changed',
    agent: view.agentId,
    cause: `${prov}: ${wanted.join(', ')}`,
    store: view.path,
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
  const backend = await storeBackend(ctx);
  const file = backend.location(agent);
  let cleared = false;
  await backend.update(agent, (raw) => {
    if (!isPlainObject(raw.order) || !Object.hasOwn(raw.order, prov)) return UNCHANGED;
    delete raw.order[prov];
    if (Object.keys(raw.order).length === 0) delete raw.order;
    cleared = true;
  });
  if (cleared)
    recordAuthEvent(ctx, { event: 'order-changed', agent, cause: `${prov}: cleared`, store: file });
}
