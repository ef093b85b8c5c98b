import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { storeBackend } from '../backend/index.js';
import { credentialFacts, recordAuthEvent } from '../journal/record.js';
import type { AuthEventInput } from '../journal/types.js';
import { applyFailure, applySuccess, type CooldownConfig, clearCooldownStats } from '../policy/cooldown.js';
import {
  type Credential,
  type DeadMarker,
  type FailureReason,
  type UsageStats,
  UsageStatsSchema,
} from '../schema.js';
import {
  dropProfile,
  normalizeProfileId,
  providerOf,
  putDeadMarker,
  putProfile,
  recordOf,
  validCredential,
} from './entry-edits.js';
import { AuthStoreError } from './errors.js';
import { ownerAgent, prepareAgent } from './owner.js';
import { isPlainObject, type RawStore } from './parse-store.js';
import { DEFAULT_AGENT_ID } from './paths.js';
import { UNCHANGED } from './store-file.js';

function notFound(id: string, file: string): AuthStoreError {
  return new AuthStoreError('PROFILE_NOT_FOUND', `Auth profile "${id}" not found in ${file}.`, {
    path: file,
    hint: 'list profiles with: clawdbot models status',
  });
}

function credentialIn(raw: RawStore, id: string): Record<string, unknown> | undefined {
  const cred = isPlainObject(raw.profiles) ? raw.profiles[id] : undefined;
  return isPlainObject(cred) ? cred : undefined;
}

function statsIn(raw: RawStore, id: string): UsageStats | undefined {
  const res = UsageStatsSchema.safeParse(isPlainObject(raw.usageStats) ? raw.usageStats[id] : undefined);
  return res.success ? res.data : undefined;
}

/** Locked edit of one profile's usage stats in the store that holds its credential. */
async function editStats(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  next: (stats: UsageStats | undefined, provider: string, raw: RawStore) => UsageStats,
): Promise<UsageStats> {
  const id = normalizeProfileId(profileId);
  const agent = await prepareAgent(ctx, agentId);
  const backend = await storeBackend(ctx);
  const owner = await ownerAgent(backend, agent, id);
  const file = backend.location(owner);
  let pending: StatsEvent | undefined;
  const out = await backend.update(owner, (raw) => {
    const cred = credentialIn(raw, id);
    if (cred === undefined) throw notFound(id, file);
    const before = statsIn(raw, id);
    const stats = next(before, providerOf(id, cred), raw);
    recordOf(raw, 'usageStats')[id] = stats;
    const event = statsEvent(before, stats);
    if (event) pending = { ...event, ...credentialFacts(cred) };
    return stats;
  });
  if (pending) recordAuthEvent(ctx, { ...pending, agent, profileId: id, store: file });
  return out as UsageStats;
}

type StatsEvent = Pick<AuthEventInput, 'event' | 'cause' | 'fingerprint' | 'generation'>;

/** The journal event of a stats change: a cooldown or disable set, or marks cleared by a success. */
function statsEvent(before: UsageStats | undefined, after: UsageStats): StatsEvent | undefined {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (after.disabledUntil !== undefined && after.disabledUntil !== before?.disabledUntil)
    return {
      event: 'disabled',
      cause: `${after.disabledReason ?? 'billing'} until ${iso(after.disabledUntil)}`,
    };
  if (after.cooldownUntil !== undefined && after.cooldownUntil !== before?.cooldownUntil) {
    const reasons = Object.keys(after.failureCounts ?? {}).join(', ');
    return {
      event: 'cooldown-set',
      cause: `${reasons || 'failure'}, error ${after.errorCount ?? 1}, until ${iso(after.cooldownUntil)}`,
    };
  }
  const had = before?.cooldownUntil !== undefined || before?.disabledUntil !== undefined;
  const has = after.cooldownUntil !== undefined || after.disabledUntil !== undefined;
  return had && !has ? { event: 'cooldown-cleared', cause: 'a request succeeded' } : undefined;
}

/**
 * Records a successful request: lastUsed = now, failure marks cleared, lastGood set.
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function markSuccess(ctx: RuntimeContext, agentId: string, profileId: string): Promise<void> {
  await editStats(ctx, agentId, profileId, (stats, provider, raw) => {
    recordOf(raw, 'lastGood')[provider] = normalizeProfileId(profileId);
    return applySuccess(stats, ctx.now());
  });
}

/**
 * Records a failed request and returns the new stats (cooldown or billing disable).
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function markFailure(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  reason: FailureReason,
  cooldownConfig?: CooldownConfig,
): Promise<UsageStats> {
  return editStats(ctx, agentId, profileId, (stats, provider) =>
    applyFailure(stats, reason, ctx.now(), provider, cooldownConfig),
  );
}

/**
 * Clears cooldown/disable marks of one profile or of every profile of a provider; returns the
 * ids that had marks. Read-through profiles are cleared in the default agent's store.
 * @throws STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function clearCooldown(
  ctx: RuntimeContext,
  agentId: string,
  target: { profileId?: string; provider?: string },
): Promise<string[]> {
  const agent = await prepareAgent(ctx, agentId);
  const id = target.profileId === undefined ? undefined : normalizeProfileId(target.profileId);
  const prov = target.provider?.trim().toLowerCase();
  const backend = await storeBackend(ctx);
  const owners = id !== undefined ? [await ownerAgent(backend, agent, id)] : [agent];
  if (id === undefined && agent !== DEFAULT_AGENT_ID) owners.push(DEFAULT_AGENT_ID);
  const cleared: string[] = [];
  const facts = new Map<string, ReturnType<typeof credentialFacts>>();
  for (const owner of owners) {
    const file = backend.location(owner);
    // the edit may run again on a fresh read (compare-and-swap), so it collects its own list
    const here = await backend.update(owner, (raw) => {
      const mine: string[] = [];
      const stats = isPlainObject(raw.usageStats) ? raw.usageStats : {};
      for (const [pid, s] of Object.entries(stats)) {
        if (!isPlainObject(s) || cleared.includes(pid)) continue;
        if (id !== undefined ? pid !== id : providerOf(pid, credentialIn(raw, pid)) !== prov) continue;
        const next = clearCooldownStats(s as UsageStats);
        if (Object.keys(next).length === Object.keys(s).length) continue;
        stats[pid] = next;
        mine.push(pid);
        facts.set(pid, credentialFacts(credentialIn(raw, pid)));
      }
      return mine.length > 0 ? mine : UNCHANGED;
    });
    cleared.push(...(here ?? []));
    for (const pid of (here ?? []).filter((p) => facts.has(p))) {
      recordAuthEvent(ctx, {
        event: 'cooldown-cleared',
        agent,
        profileId: pid,
        ...facts.get(pid),
        cause: 'cleared by the user',
        store: file,
      });
      facts.delete(pid);
    }
  }
  return cleared;
}

/**
 * Marks a profile dead: its refresh token was revoked (no more token-endpoint calls until a
 * new login writes a credential with another refresh token).
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function markDead(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  info: { reason: string; refreshFingerprint: string },
): Promise<void> {
  const id = normalizeProfileId(profileId);
  const agent = await prepareAgent(ctx, agentId);
  const backend = await storeBackend(ctx);
  const owner = await ownerAgent(backend, agent, id);
  const file = backend.location(owner);
  await backend.update(owner, (raw) => {
    if (credentialIn(raw, id) === undefined) throw notFound(id, file);
    putDeadMarker(raw, id, {
      at: ctx.now(),
      reason: info.reason,
      refreshFingerprint: info.refreshFingerprint,
    });
  });
  recordAuthEvent(ctx, {
    event: 'marked-dead',
    agent,
    profileId: id,
    cause: info.reason,
    generation: info.refreshFingerprint,
    store: file,
  });
}

export interface ProfileMeta {
  /** The store file the profile lives in (the default agent's for a read-through profile). */
  path: string;
  tombstone?: string;
  dead?: DeadMarker;
}

/**
 * The generic locked read-modify-write of one entry: `fn` sees the credential as it is on disk
 * now and returns the new one, undefined to remove it, or 'skip' to leave the file alone.
 * Returns the credential stored afterwards.
 * @throws PROFILE_INVALID, STORE_PARSE_FAILED, STORE_INVALID, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function mutateProfile(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  fn: (current: Credential | undefined, meta: ProfileMeta) => Credential | undefined | 'skip',
): Promise<Credential | undefined> {
  const id = normalizeProfileId(profileId);
  const agent = await prepareAgent(ctx, agentId);
  const backend = await storeBackend(ctx);
  const owner = await ownerAgent(backend, agent, id);
  const file = backend.location(owner);
  let stored: Credential | undefined;
  await backend.update(owner, (raw) => {
    const current = currentCredential(raw, id);
    const extras = isPlainObject(raw.clawdbot) ? raw.clawdbot : {};
    const meta: ProfileMeta = { path: file, ...deadAndTomb(extras, id) };
    const next = fn(current, meta);
    stored = current;
    if (next === 'skip') return UNCHANGED;
    if (next === undefined) return current === undefined ? UNCHANGED : dropProfile(raw, id);
    stored = validCredential(id, next);
    putProfile(raw, id, stored);
  });
  return stored;
}

function currentCredential(raw: RawStore, id: string): Credential | undefined {
  const cred = credentialIn(raw, id);
  if (cred === undefined) return undefined;
  try {
    return validCredential(id, cred);
  } catch {
    return undefined;
  }
}

function deadAndTomb(extras: Record<string, unknown>, id: string): { tombstone?: string; dead?: DeadMarker } {
  const out: { tombstone?: string; dead?: DeadMarker } = {};
  const tomb = isPlainObject(extras.tombstones) ? extras.tombstones[id] : undefined;
  const dead = isPlainObject(extras.dead) ? extras.dead[id] : undefined;
  if (typeof tomb === 'string') out.tombstone = tomb;
  if (isPlainObject(dead)) out.dead = dead as DeadMarker;
  return out;
}
