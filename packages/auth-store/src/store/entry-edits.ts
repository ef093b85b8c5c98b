import { fingerprint } from '../policy/redact.js';
import { type AuthStore, type Credential, CredentialSchema, type DeadMarker } from '../schema.js';
import { AuthStoreError } from './errors.js';
import { formatIssue, isPlainObject, type RawStore } from './parse-store.js';

/**
 * In-place edits of one entry of a raw store (the parsed file). Each touches only the keys it
 * names, so unknown keys and entries we could not validate stay as they were.
 */

/** `Anthropic:Work` -> `anthropic:Work` (env-loader's rule). @throws INVALID_PROFILE_ID */
export { normalizeProfileId } from '@clawdbot-auth/env-loader';

/** The provider of a profile: its credential's provider, else the id's prefix. */
export function providerOf(profileId: string, cred?: { provider?: unknown }): string {
  if (typeof cred?.provider === 'string' && cred.provider !== '') return cred.provider.toLowerCase();
  return profileId.split(':')[0]?.toLowerCase() ?? '';
}

/** A sub-record of the raw store, created when missing. */
export function recordOf(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = raw[key];
  if (isPlainObject(cur)) return cur;
  const fresh: Record<string, unknown> = {};
  raw[key] = fresh;
  return fresh;
}

/** Deletes `raw[key][id]`, and `raw[key]` itself once empty. Returns true when something went. */
export function deleteEntry(raw: Record<string, unknown>, key: string, id: string): boolean {
  const rec = raw[key];
  if (!isPlainObject(rec) || !(id in rec)) return false;
  delete rec[id];
  if (Object.keys(rec).length === 0) delete raw[key];
  return true;
}

function extras(raw: RawStore): Record<string, unknown> {
  return recordOf(raw, 'clawdbot');
}

function pruneExtras(raw: RawStore): void {
  if (isPlainObject(raw.clawdbot) && Object.keys(raw.clawdbot).length === 0) delete raw.clawdbot;
}

/**
 * Validates a credential for writing (provider lower-cased).
 * @throws PROFILE_INVALID
 */
export function validCredential(profileId: string, cred: unknown): Credential {
  const res = CredentialSchema.safeParse(cred);
  if (!res.success) {
    const issue = formatIssue(`profiles[${JSON.stringify(profileId)}]`, res.error.issues[0] as never);
    throw new AuthStoreError('PROFILE_INVALID', `Cannot save ${issue.path}: ${issue.message}.`, {
      hint: 'pass a credential of type api_key (key), token (token) or oauth (access, refresh, expires)',
    });
  }
  return { ...res.data, provider: res.data.provider.toLowerCase() };
}

/** Puts a credential in place; a dead mark for another refresh token and the tombstone go. */
export function putProfile(raw: RawStore, profileId: string, cred: Credential): void {
  recordOf(raw, 'profiles')[profileId] = cred;
  const dead =
    isPlainObject(raw.clawdbot) && isPlainObject(raw.clawdbot.dead)
      ? raw.clawdbot.dead[profileId]
      : undefined;
  const fp = cred.type === 'oauth' ? fingerprint(cred.refresh) : undefined;
  if (dead !== undefined && (!isPlainObject(dead) || dead.refreshFingerprint !== fp)) {
    deleteEntry(extras(raw), 'dead', profileId);
  }
  if (isPlainObject(raw.clawdbot)) deleteEntry(raw.clawdbot, 'tombstones', profileId);
  pruneExtras(raw);
}

/** What {@link putProfile} may change for one id: its entry, dead mark and tombstone (undefined: absent). */
export interface EntrySnapshot {
  entry: unknown;
  dead: unknown;
  tombstone: unknown;
}

/** The keys of `profileId` that putProfile edits, copied, so a write can be undone. */
export function snapshotEntry(raw: RawStore, profileId: string): EntrySnapshot {
  const x = isPlainObject(raw.clawdbot) ? raw.clawdbot : {};
  const at = (rec: unknown) =>
    isPlainObject(rec) && Object.hasOwn(rec, profileId) ? structuredClone(rec[profileId]) : undefined;
  return { entry: at(raw.profiles), dead: at(x.dead), tombstone: at(x.tombstones) };
}

/** Puts back what {@link snapshotEntry} copied (an absent key is deleted). */
export function restoreEntry(raw: RawStore, profileId: string, snap: EntrySnapshot): void {
  const put = (holder: Record<string, unknown>, key: string, value: unknown) => {
    if (value === undefined) deleteEntry(holder, key, profileId);
    else recordOf(holder, key)[profileId] = value;
  };
  put(raw, 'profiles', snap.entry);
  if (raw.profiles === undefined) raw.profiles = {};
  put(extras(raw), 'dead', snap.dead);
  put(extras(raw), 'tombstones', snap.tombstone);
  pruneExtras(raw);
}

/** Removes a profile and every reference to it (order, lastGood, usageStats, dead mark). */
export function dropProfile(raw: RawStore, profileId: string, tombstone?: string): boolean {
  const existed = deleteEntry(raw, 'profiles', profileId);
  if (raw.profiles === undefined) raw.profiles = {};
  if (isPlainObject(raw.order)) {
    for (const [provider, ids] of Object.entries(raw.order)) {
      if (!Array.isArray(ids) || !ids.includes(profileId)) continue;
      const rest = ids.filter((x) => x !== profileId);
      if (rest.length > 0) raw.order[provider] = rest;
      else deleteEntry(raw, 'order', provider);
    }
  }
  if (isPlainObject(raw.lastGood)) {
    for (const [provider, id] of Object.entries(raw.lastGood))
      if (id === profileId) deleteEntry(raw, 'lastGood', provider);
  }
  deleteEntry(raw, 'usageStats', profileId);
  if (isPlainObject(raw.clawdbot)) deleteEntry(raw.clawdbot, 'dead', profileId);
  if (tombstone !== undefined) recordOf(extras(raw), 'tombstones')[profileId] = tombstone;
  pruneExtras(raw);
  return existed;
}

/** Records that the provider revoked this profile's refresh token. */
export function putDeadMarker(raw: RawStore, profileId: string, marker: DeadMarker): void {
  recordOf(extras(raw), 'dead')[profileId] = marker;
}

/**
 * The fingerprint of the grant the user removed under this id, if any (sync must not re-import it).
 * @throws never
 */
export function getTombstone(store: AuthStore, profileId: string): string | undefined {
  return store.clawdbot?.tombstones?.[profileId];
}

/**
 * The dead marker of a profile: its refresh token was revoked; log in again.
 * @throws never
 */
export function getDeadMarker(store: AuthStore, profileId: string): DeadMarker | undefined {
  return store.clawdbot?.dead?.[profileId];
}
