import {
  type Credential,
  fingerprint,
  keyringTokenRef,
  mutateProfile,
  oauthInKeyring,
  oauthTokensOf,
  readStore,
  sealOAuth,
  writeOAuthTokens,
} from '@clawdbot-auth/auth-store';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import type { KeyringLocation } from '@clawdbot-auth/secrets';
import { isSyncedProfileId } from './catalog.js';
import {
  assertKeyringFitsStore,
  heldInFile,
  heldInKeyring,
  inlineSecretOf,
  keyringItemFor,
  type SecretStorage,
} from './placement.js';

/**
 * `secrets migrate`: moves every API key, token and OAuth login of one agent's store into the OS keyring,
 * or back into the file. Invariant 8: each secret is copied, verified by reading it back, and
 * only then removed from where it was; every step is one fenced write, so a run cut off at any
 * point leaves every secret usable, and running it again finishes the job (a finished run is a
 * no-op). The way back keeps the item it empties as `staleKeyring` until the item is deleted.
 */

/** One step, as it happens (for progress lines): never a secret. */
export interface MigrateStep {
  profileId: string;
  step: 'copied' | 'scrubbed' | 'read' | 'inlined' | 'deleted' | 'settled';
}

export interface MigratedSecret {
  profileId: string;
  type: Credential['type'];
  fingerprint: string;
}

/** What a run did (the `--json` document). */
export interface SecretMigration {
  agentId: string;
  to: SecretStorage;
  storePath: string;
  /** secrets moved by this run */
  moved: MigratedSecret[];
  /** keyring items a cut-off run had emptied, deleted now */
  cleaned: string[];
  /** profiles already where they should be */
  already: string[];
  /** profiles this command does not move, and why */
  skipped: { profileId: string; reason: string }[];
}

const same = (a?: KeyringLocation, b?: KeyringLocation) =>
  a !== undefined && b !== undefined && a.service === b.service && a.account === b.account;

async function keyring() {
  // Loaded here only: nothing else in this package opens the keyring.
  return import('@clawdbot-auth/secrets');
}

/** Writes through a fenced per-entry update; false when the entry changed meanwhile (left as it is). */
async function fenced(
  ctx: RuntimeContext,
  agentId: string,
  profileId: string,
  edit: (cur: Credential) => Credential | undefined,
): Promise<boolean> {
  let wrote = false;
  await mutateProfile(ctx, agentId, profileId, (cur) => {
    const next = cur ? edit(cur) : undefined;
    wrote = next !== undefined;
    return next ?? 'skip';
  });
  return wrote;
}

/** How one entry's secret goes into an item: what to write, and the entry without its bytes. */
interface Sealer {
  fingerprint: string;
  write(at: KeyringLocation): Promise<void>;
  /** the entry with its secret in `at`, or undefined when it no longer holds what was written */
  seal(cur: Credential, at: KeyringLocation): Credential | undefined;
}

function sealerOf(cred: Credential): Sealer | undefined {
  if (cred.type === 'oauth') {
    if (oauthInKeyring(cred)) return undefined;
    const t = { access: cred.access, refresh: cred.refresh };
    return {
      fingerprint: fingerprint(t.access),
      write: (at) => writeOAuthTokens(at, t),
      seal: (cur, at) =>
        cur.type === 'oauth' && !oauthInKeyring(cur) && cur.access === t.access && cur.refresh === t.refresh
          ? sealOAuth(cur, at, t)
          : undefined,
    };
  }
  const secret = inlineSecretOf(cred);
  if (secret === undefined) return undefined;
  return {
    fingerprint: fingerprint(secret),
    write: async (at) => (await keyring()).keyringWrite(at, secret),
    seal: (cur, at) => (inlineSecretOf(cur) === secret ? heldInKeyring(cur, at, secret) : undefined),
  };
}

const CHANGED = 'changed while it was being moved; run the command again';

async function toKeyring(
  ctx: RuntimeContext,
  run: SecretMigration,
  id: string,
  cred: Credential,
  onStep: (s: MigrateStep) => void,
): Promise<void> {
  const sealer = sealerOf(cred);
  if (sealer === undefined) return;
  const k = await keyring();
  const at = await keyringItemFor(ctx, run.agentId, id);
  await sealer.write(at);
  onStep({ profileId: id, step: 'copied' });
  const stale = cred.clawdbot?.staleKeyring;
  if (!(await fenced(ctx, run.agentId, id, (cur) => sealer.seal(cur, at)))) {
    run.skipped.push({ profileId: id, reason: CHANGED });
    return;
  }
  onStep({ profileId: id, step: 'scrubbed' });
  if (stale && !same(stale, at)) await k.keyringDelete(stale);
  run.moved.push({ profileId: id, type: cred.type, fingerprint: sealer.fingerprint });
}

/**
 * The entry with the item's secret inline again (the item kept as `staleKeyring`), or undefined
 * when the item does not hold the generation the entry names (a refresh ran meanwhile).
 */
async function unsealerOf(
  id: string,
  cred: Credential,
  at: KeyringLocation,
): Promise<{ fingerprint: string; unseal(cur: Credential): Credential | undefined } | undefined> {
  if (cred.type === 'oauth') {
    const t = await oauthTokensOf(id, cred);
    if (keyringTokenRef(t.refresh) !== cred.refresh) return undefined;
    return {
      fingerprint: fingerprint(t.access),
      unseal: (cur) => {
        if (cur.type !== 'oauth' || !same(cur.clawdbot?.keyring, at) || cur.refresh !== cred.refresh)
          return undefined;
        const { keyring: _k, fingerprint: _f, ...extras } = cur.clawdbot ?? {};
        return { ...cur, ...t, clawdbot: { ...extras, staleKeyring: at } };
      },
    };
  }
  const secret = await (await keyring()).keyringRead(at);
  return {
    fingerprint: fingerprint(secret),
    unseal: (cur) =>
      same(cur.clawdbot?.keyring, at) && cur.type !== 'oauth' ? heldInFile(cur, secret) : undefined,
  };
}

/** Deletes an emptied item, then forgets it in the entry. False when the entry changed meanwhile. */
async function dropStale(
  ctx: RuntimeContext,
  agentId: string,
  id: string,
  at: KeyringLocation,
  onStep: (s: MigrateStep) => void,
): Promise<void> {
  await (await keyring()).keyringDelete(at);
  onStep({ profileId: id, step: 'deleted' });
  const settled = await fenced(ctx, agentId, id, (cur) => {
    if (!same(cur.clawdbot?.staleKeyring, at)) return undefined;
    const { staleKeyring: _s, ...extras } = cur.clawdbot ?? {};
    const { clawdbot: _c, ...rest } = cur;
    return (Object.keys(extras).length ? { ...rest, clawdbot: extras } : rest) as Credential;
  });
  if (settled) onStep({ profileId: id, step: 'settled' });
}

async function toFile(
  ctx: RuntimeContext,
  run: SecretMigration,
  id: string,
  cred: Credential,
  onStep: (s: MigrateStep) => void,
): Promise<void> {
  const at = cred.clawdbot?.keyring;
  if (at === undefined) return;
  let read: Awaited<ReturnType<typeof unsealerOf>>;
  try {
    read = await unsealerOf(id, cred, at);
  } catch (err) {
    if ((err as { code?: string }).code !== 'SECRET_REF_UNRESOLVED') throw err;
    run.skipped.push({
      profileId: id,
      reason: `its keyring item ${at.account} is missing; add the secret again`,
    });
    return;
  }
  if (read !== undefined) onStep({ profileId: id, step: 'read' });
  if (read === undefined || !(await fenced(ctx, run.agentId, id, (cur) => read.unseal(cur)))) {
    run.skipped.push({ profileId: id, reason: CHANGED });
    return;
  }
  onStep({ profileId: id, step: 'inlined' });
  run.moved.push({ profileId: id, type: cred.type, fingerprint: read.fingerprint });
  await dropStale(ctx, run.agentId, id, at, onStep);
}

function skipReason(id: string, cred: Credential, to: SecretStorage): string | undefined {
  if (cred.type === 'oauth') {
    return isSyncedProfileId(id) && !cred.clawdbot?.keyring
      ? 'it mirrors the Claude Code / Codex login file'
      : undefined;
  }
  if (cred.type === 'api_key' ? cred.keyRef : cred.tokenRef) return 'behind a reference (keyRef/tokenRef)';
  if (to === 'keyring' && !inlineSecretOf(cred) && !cred.clawdbot?.keyring) return 'holds no secret';
  return undefined;
}

/**
 * Moves the agent's own API keys and tokens to `to` (see the module comment); `onStep` hears
 * of each step as it is done.
 * @throws KEYRING_UNAVAILABLE (nothing more is changed; what was done stays valid), SECRET_REF_UNRESOLVED (a keyring item is missing), STORE_PARSE_FAILED, STORE_LOCK_FAILED
 */
export async function migrateSecrets(
  ctx: RuntimeContext,
  agentId: string,
  to: SecretStorage,
  opts: { onStep?: (s: MigrateStep) => void } = {},
): Promise<SecretMigration> {
  const onStep = opts.onStep ?? (() => {});
  if (to === 'keyring') await assertKeyringFitsStore(ctx);
  const view = await readStore(ctx, agentId);
  const run: SecretMigration = {
    agentId: view.agentId,
    to,
    storePath: view.path,
    moved: [],
    cleaned: [],
    already: [],
    skipped: [],
  };
  for (const [id, cred] of Object.entries(view.store.profiles)) {
    if (view.inherited.has(id)) continue;
    const stale = cred.clawdbot?.staleKeyring;
    if (to === 'file' && stale && !cred.clawdbot?.keyring) {
      run.cleaned.push(id);
      await dropStale(ctx, run.agentId, id, stale, onStep);
    }
    const why = skipReason(id, cred, to);
    if (why) {
      if (to === 'keyring' || cred.type !== 'oauth') run.skipped.push({ profileId: id, reason: why });
      continue;
    }
    const there = to === 'keyring' ? sealerOf(cred) === undefined : !cred.clawdbot?.keyring;
    if (there) {
      run.already.push(id);
      continue;
    }
    if (to === 'keyring') await toKeyring(ctx, run, id, cred, onStep);
    else await toFile(ctx, run, id, cred, onStep);
  }
  return run;
}
