import path from 'node:path';
import {
  type Credential,
  fingerprint,
  resolveStoreSettings,
  sealOAuth,
  secretRefOf,
  writeOAuthTokens,
} from '@clawdbot-auth/auth-store';
import { isPlainObject, loadConfig, updateConfig } from '@clawdbot-auth/config-migrate';
import { type RuntimeContext, resolveStateDir, tildify } from '@clawdbot-auth/env-loader';
import type { KeyringLocation } from '@clawdbot-auth/secrets';
import { isSyncedProfileId } from './catalog.js';
import { CredentialsError } from './errors.js';

/** Where a credential's secret bytes go: the 0600 store file, or the OS keyring. */
export type SecretStorage = 'keyring' | 'file';

export interface PlacementOptions {
  /** `--storage`; default config `auth.secrets.storage`, else `file` */
  storage?: SecretStorage | undefined;
  /** `--insecure-storage`: when the keyring cannot be used, keep the secret in the file and say so */
  insecureStorage?: boolean | undefined;
}

export interface Placement {
  credential: Credential;
  storage: SecretStorage;
  /** why the keyring was not used although asked for (said on stderr by the caller) */
  keyringProblem?: string;
  /**
   * Puts the keyring item back as it was before this placement (its former value, or no item),
   * for a save that failed after it. Absent when nothing went to the keyring.
   */
  undo?: () => Promise<void>;
}

async function wantedStorage(ctx: RuntimeContext, opts: PlacementOptions): Promise<SecretStorage> {
  if (opts.storage) return opts.storage;
  const loaded = await loadConfig(ctx, { loadEnv: false });
  return loaded.config.auth?.secrets?.storage ?? 'file';
}

/**
 * The OS keyring is this host's own: with the shared etcd store, a keyring reference in an entry
 * would point at nothing on every other host (their logins would stop working). There, secrets
 * are sealed in etcd with the key file instead, so a keyring placement is refused.
 * @throws KEYRING_WITH_SHARED_STORE
 */
export async function assertKeyringFitsStore(ctx: RuntimeContext): Promise<void> {
  const settings = await resolveStoreSettings(ctx);
  if (settings.backend !== 'etcd') return;
  throw new CredentialsError(
    'KEYRING_WITH_SHARED_STORE',
    `The OS keyring cannot hold secrets of the shared etcd store (${settings.source}): an item in this host's keyring is out of reach of every other host.`,
    {
      hint: 'leave out --storage keyring (secrets in etcd are sealed with auth.store.keyFile, see docs/shared-state.md), or set auth.secrets.storage to "file"',
    },
  );
}

/**
 * Whether a secret of `profileId` goes to the OS keyring: asked for (`--storage`, else config
 * `auth.secrets.storage`), and not a synced login, which mirrors another tool's own file and
 * stays beside it (Claude Code, Codex). The one rule of placeSecret and assertKeyringReady.
 * @throws KEYRING_WITH_SHARED_STORE (asked for, on the shared etcd store)
 */
async function goesToKeyring(
  ctx: RuntimeContext,
  opts: PlacementOptions,
  profileId: string | undefined,
  type: Credential['type'],
): Promise<boolean> {
  if ((await wantedStorage(ctx, opts)) !== 'keyring') return false;
  await assertKeyringFitsStore(ctx);
  return !(type === 'oauth' && profileId !== undefined && isSyncedProfileId(profileId));
}

/**
 * Before a login asks a provider for tokens: when they are to go to the OS keyring, the keyring
 * must answer now. Tokens issued into an unreachable keyring would have nowhere to go (the code
 * is spent and the login lost), so the login is refused before it starts. With
 * `insecureStorage` the file takes them instead, so nothing is checked; a synced id stays in
 * the file anyway.
 * @throws KEYRING_UNAVAILABLE, KEYRING_WITH_SHARED_STORE
 */
export async function assertKeyringReady(
  ctx: RuntimeContext,
  agentId: string,
  opts: PlacementOptions & { profileId?: string | undefined } = {},
): Promise<void> {
  if (!(await goesToKeyring(ctx, opts, opts.profileId, 'oauth')) || opts.insecureStorage) return;
  const { keyringRead } = await import('@clawdbot-auth/secrets');
  // any item answers the question; reading one that does not exist writes nothing
  await keyringRead(await keyringItemFor(ctx, agentId, opts.profileId ?? `${agentId}:login-check`)).catch(
    (err: { code?: string }) => {
      if (err.code !== 'SECRET_REF_UNRESOLVED') throw err;
    },
  );
}

/**
 * Puts an API key or token where the user asked: inline in the store entry, or in the OS
 * keyring (written and read back) with only its item and fingerprint in the entry, so status
 * shows it without opening the keyring. No keyring and no `insecureStorage`: the error, and
 * nothing written; never a silent plaintext write. An OAuth login's tokens go
 * to one item as JSON (see auth-store's oauth-keyring); a synced login stays in the file.
 * @throws KEYRING_UNAVAILABLE, KEYRING_WITH_SHARED_STORE
 */
export async function placeSecret(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  credential: Credential,
  opts: PlacementOptions = {},
): Promise<Placement> {
  if (!(await goesToKeyring(ctx, opts, profileId, credential.type))) return { credential, storage: 'file' };
  const secret = credential.type === 'oauth' ? undefined : inlineSecretOf(credential);
  if (credential.type !== 'oauth' && !secret) return { credential, storage: 'file' };
  // Loaded here only: status and every command that does not write a secret never load the binding.
  const { keyringDelete, keyringRead, keyringWrite } = await import('@clawdbot-auth/secrets');
  const at = await keyringItemFor(ctx, agentId, profileId);
  // what the item held, so a save that fails later can put it back; not known: it is left alone
  type Prior = { value?: string } | undefined;
  const prior = await keyringRead(at).then(
    (value): Prior => ({ value }),
    (err: { code?: string }): Prior => (err.code === 'SECRET_REF_UNRESOLVED' ? {} : undefined),
  );
  const undo = async () => {
    if (prior === undefined) return;
    await (prior.value === undefined ? keyringDelete(at) : keyringWrite(at, prior.value));
  };
  try {
    if (credential.type === 'oauth') {
      const tokens = { access: credential.access, refresh: credential.refresh };
      await writeOAuthTokens(at, tokens);
      return { credential: sealOAuth(credential, at, tokens), storage: 'keyring', undo };
    }
    await keyringWrite(at, secret as string);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code !== 'KEYRING_UNAVAILABLE' || !opts.insecureStorage) throw err;
    return { credential, storage: 'file', keyringProblem: e.message ?? 'keyring unavailable' };
  }
  return { credential: heldInKeyring(credential, at, secret as string), storage: 'keyring', undo };
}

/**
 * The keyring item a profile's secret goes to (see secrets' keyringLocation: the state dir scopes
 * it unless it is the default ~/.clawdbot).
 * @throws never
 */
export async function keyringItemFor(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
): Promise<KeyringLocation> {
  const { keyringLocation } = await import('@clawdbot-auth/secrets');
  const dir = resolveStateDir(ctx);
  const scope = dir === path.join(ctx.homedir, '.clawdbot') ? undefined : tildify(ctx, dir);
  return keyringLocation(agentId, profileId, scope);
}

/** The key or token an api_key / token entry holds inline (not behind a ref), if any. */
export function inlineSecretOf(cred: Credential): string | undefined {
  if (cred.type === 'oauth' || secretRefOf(cred)) return undefined;
  const s = cred.type === 'api_key' ? cred.key : cred.token;
  return s ? s : undefined;
}

/** The entry with its secret at `at` in the keyring: no bytes, the item and the fingerprint. */
export function heldInKeyring(cred: Credential, at: KeyringLocation, secret: string): Credential {
  const { key: _key, token: _token, ...rest } = cred as Credential & { key?: string; token?: string };
  const { staleKeyring: _stale, ...extras } = cred.clawdbot ?? {};
  return { ...rest, clawdbot: { ...extras, keyring: at, fingerprint: fingerprint(secret) } } as Credential;
}

/**
 * The entry with `secret` inline again; its former item is kept as `staleKeyring` until
 * it has been deleted (so a run cut off before the delete finds it again).
 */
export function heldInFile(cred: Credential, secret: string): Credential {
  const { keyring, fingerprint: _fp, ...extras } = cred.clawdbot ?? {};
  const clawdbot = keyring ? { ...extras, staleKeyring: keyring } : extras;
  const field = cred.type === 'api_key' ? { key: secret } : { token: secret };
  const out = { ...cred, ...field } as Credential & { clawdbot?: unknown };
  if (Object.keys(clawdbot).length) out.clawdbot = clawdbot;
  else delete out.clawdbot;
  return out as Credential;
}

/**
 * Deletes keyring items a removed or replaced entry owned. Best effort: the entry is already
 * gone, so a keyring that cannot be reached is reported (the account to delete by hand), not
 * thrown. Returns that report, or undefined when every item went.
 * @throws never
 */
export async function releaseKeyringItems(items: readonly KeyringLocation[]): Promise<string | undefined> {
  if (items.length === 0) return undefined;
  const { keyringDelete } = await import('@clawdbot-auth/secrets');
  const left: string[] = [];
  let why = '';
  for (const at of items) {
    try {
      await keyringDelete(at);
    } catch (err) {
      left.push(`${at.service}/${at.account}`);
      why = (err as Error).message;
    }
  }
  return left.length
    ? `keyring item ${left.join(', ')} not deleted (${why}); delete it with your keyring tool`
    : undefined;
}

/**
 * Sets config `auth.secrets.storage`, where new secrets go by default (onboard's question);
 * writes nothing when it already says so.
 * @throws CONFIG_PARSE_FAILED
 */
export async function setSecretStorage(ctx: RuntimeContext, storage: SecretStorage): Promise<boolean> {
  const loaded = await loadConfig(ctx, { loadEnv: false });
  if (loaded.config.auth?.secrets?.storage === storage) return false;
  await updateConfig(ctx, (raw) => {
    if (!isPlainObject(raw.auth)) raw.auth = {};
    const auth = raw.auth as Record<string, unknown>;
    if (!isPlainObject(auth.secrets)) auth.secrets = {};
    (auth.secrets as Record<string, unknown>).storage = storage;
  });
  return true;
}
