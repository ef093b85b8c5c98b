import {
  type Credential,
  type CredentialType,
  keyringItemsOf,
  type Replaced,
  readStore,
  removeProfile,
  resolveStorePath,
  type UpsertOptions,
  upsertProfile,
} from '@clawdbot-auth/auth-store';
import { grantFingerprint } from '@clawdbot-auth/claude-sync';
import { isPlainObject, loadConfig, updateConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { isSyncedProfileId } from './catalog.js';
import { CredentialsError } from './errors.js';
import { type PlacementOptions, placeSecret, releaseKeyringItems, type SecretStorage } from './placement.js';

/** Config `auth.profiles[id]` as we write it: routing metadata only, never a secret. */
export interface RoutingEntry {
  provider: string;
  mode: CredentialType;
}

/** The config mode of a credential; a synced id takes `oauth`, which accepts both OAuth and setup-tokens. */
export function routingModeFor(profileId: string, type: CredentialType): CredentialType {
  return isSyncedProfileId(profileId) ? 'oauth' : type;
}

function sameRoute(cur: unknown, want: RoutingEntry): boolean {
  return isPlainObject(cur) && cur.provider === want.provider && cur.mode === want.mode;
}

/**
 * Sets config `auth.profiles[profileId]` (other keys of the entry kept); writes nothing when it is
 * already so. Returns whether the config changed. @throws CONFIG_PARSE_FAILED
 */
export async function routeProfile(
  ctx: RuntimeContext,
  profileId: string,
  route: RoutingEntry,
): Promise<{ changed: boolean; configPath: string }> {
  const loaded = await loadConfig(ctx, { loadEnv: false });
  const auth = loaded.raw.auth;
  if (isPlainObject(auth) && isPlainObject(auth.profiles) && sameRoute(auth.profiles[profileId], route)) {
    return { changed: false, configPath: loaded.path };
  }
  const saved = await updateConfig(ctx, (raw) => {
    if (!isPlainObject(raw.auth)) raw.auth = {};
    const a = raw.auth as Record<string, unknown>;
    if (!isPlainObject(a.profiles)) a.profiles = {};
    const profiles = a.profiles as Record<string, unknown>;
    const cur = profiles[profileId];
    profiles[profileId] = { ...(isPlainObject(cur) ? cur : {}), ...route };
  });
  return { changed: true, configPath: saved.path };
}

/**
 * Drops config `auth.profiles[profileId]` and the id from every `auth.order` list (a list it leaves
 * empty is deleted); writes nothing when the config names it nowhere. @throws CONFIG_PARSE_FAILED
 */
export async function unrouteProfile(ctx: RuntimeContext, profileId: string): Promise<boolean> {
  const loaded = await loadConfig(ctx, { loadEnv: false });
  const auth = isPlainObject(loaded.raw.auth) ? loaded.raw.auth : {};
  const inProfiles = isPlainObject(auth.profiles) && profileId in auth.profiles;
  const inOrder =
    isPlainObject(auth.order) &&
    Object.values(auth.order).some((ids) => Array.isArray(ids) && ids.includes(profileId));
  if (!inProfiles && !inOrder) return false;
  await updateConfig(ctx, (raw) => {
    const a = raw.auth as { profiles?: Record<string, unknown>; order?: Record<string, unknown> } | undefined;
    if (isPlainObject(a?.profiles)) delete a.profiles[profileId];
    for (const [p, ids] of Object.entries(a?.order ?? {})) {
      if (!Array.isArray(ids) || !ids.includes(profileId)) continue;
      const rest = ids.filter((id) => id !== profileId);
      // An empty list would select no profile: without the key the default order applies.
      if (rest.length) a!.order![p] = rest;
      else delete a!.order![p];
    }
  });
  return true;
}

export interface Registered {
  profileId: string;
  provider: string;
  type: CredentialType;
  storePath: string;
  configPath: string;
  configChanged: boolean;
  /** where the secret bytes went */
  storage: SecretStorage;
  /** the keyring was asked for but not used (`insecureStorage`), and why */
  keyringProblem?: string;
  /** The credential that was under the id before (type, fingerprint), when there was one. */
  replaced?: Replaced;
  /** the replaced entry's keyring item could not be deleted (what to delete by hand) */
  keyringLeft?: string;
}

/**
 * The one way a credential enters an agent: its store entry (locked per-entry write) and its
 * config routing entry `auth.profiles[id] = { provider, mode }`, so a request can use it. The
 * secret goes to the store file or the OS keyring (`storage`, default config
 * `auth.secrets.storage`), see placeSecret.
 * When the config cannot be written, the store entry is undone: nothing half-made stays.
 * @throws PROFILE_PROVIDER_MISMATCH, KEYRING_UNAVAILABLE, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED, CONFIG_WRITE_FAILED (nothing written when the store or the config cannot be read)
 */
export async function registerCredential(
  ctx: RuntimeContext,
  agentId: string,
  input: { profileId: string; credential: Credential; upsert?: UpsertOptions } & PlacementOptions,
): Promise<Registered> {
  const { profileId, credential } = input;
  const provider = credential.provider.trim().toLowerCase();
  const prefix = profileId.split(':')[0]?.toLowerCase();
  if (profileId.includes(':') && prefix !== provider) {
    throw new CredentialsError(
      'PROFILE_PROVIDER_MISMATCH',
      `profile "${profileId}" is not a ${provider} profile`,
      {
        hint: `use a profile id of the form ${provider}:<name>`,
      },
    );
  }
  // A config we cannot parse stops us before anything is written.
  await loadConfig(ctx, { loadEnv: false });
  const placed = await placeSecret(ctx, agentId, profileId, credential, input);
  const { replaced, formerKeyring, undo } = await upsertProfile(
    ctx,
    agentId,
    profileId,
    placed.credential,
    input.upsert ?? {},
  );
  const route = { provider, mode: routingModeFor(profileId, credential.type) };
  let routed: Awaited<ReturnType<typeof routeProfile>>;
  try {
    routed = await routeProfile(ctx, profileId, route);
  } catch (err) {
    // Half a credential is none: the store gets back what it held before, then the keyring item
    // (only once no entry points at the new secret); the error stands.
    const undone = await undo().catch(() => false);
    if (undone) await placed.undo?.().catch(() => undefined);
    throw err;
  }
  const leftover = await releaseKeyringItems(formerKeyring ?? []);
  const out: Registered = {
    profileId,
    provider,
    type: credential.type,
    storePath: resolveStorePath(ctx, agentId),
    configPath: routed.configPath,
    configChanged: routed.changed,
    storage: placed.storage,
    ...(replaced ? { replaced } : {}),
  };
  if (placed.keyringProblem) out.keyringProblem = placed.keyringProblem;
  if (leftover) out.keyringLeft = leftover;
  return out;
}

/**
 * Removes a credential: the store entry (a synced one leaves a tombstone so the same grant is not
 * imported again), config `auth.profiles[id]` and its `auth.order` mentions.
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function forgetCredential(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
): Promise<{
  profileId: string;
  tombstone: boolean;
  storeRemoved: boolean;
  configUpdated: boolean;
  /** its keyring item could not be deleted (what to delete by hand) */
  keyringLeft?: string;
}> {
  const view = await readStore(ctx, agentId);
  const cred = view.store.profiles[profileId];
  const loaded = await loadConfig(ctx, { loadEnv: false });
  const auth = isPlainObject(loaded.raw.auth) ? loaded.raw.auth : {};
  const inConfig = isPlainObject(auth.profiles) && profileId in auth.profiles;
  if (!cred && !inConfig) {
    throw new CredentialsError(
      'PROFILE_NOT_FOUND',
      `Auth profile "${profileId}" not found in ${view.path}.`,
      {
        hint: 'clawdbot models auth list',
        path: view.path,
      },
    );
  }
  const tombstone = cred && isSyncedProfileId(profileId) ? grantFingerprint(cred) : undefined;
  const owned = cred && !view.inherited.has(profileId) ? keyringItemsOf(cred) : [];
  if (cred) await removeProfile(ctx, agentId, profileId, tombstone ? { tombstone } : {});
  // The entry first, then its items: a run cut off between them leaves an unused item, never an
  // entry pointing at nothing.
  const keyringLeft = await releaseKeyringItems(owned);
  const configUpdated = await unrouteProfile(ctx, profileId);
  return {
    profileId,
    tombstone: Boolean(tombstone),
    storeRemoved: Boolean(cred),
    configUpdated,
    ...(keyringLeft ? { keyringLeft } : {}),
  };
}
