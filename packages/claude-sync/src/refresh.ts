import {
  fingerprint,
  getDeadMarker,
  markDead,
  type OAuthCredential,
  type OAuthTokens,
  oauthInKeyring,
  oauthTokensOf,
  readStore,
} from '@clawdbot-auth/auth-store';
import { oauthTimeoutMs, type SyncContext } from './context.js';
import { isOAuthProvider, type OAuthProvider } from './endpoints.js';
import { ClaudeSyncError } from './errors.js';
import { type GrantIdentity, withIdentityLock } from './identity-lock.js';
import { sealRotation } from './keyring-rotation.js';
import { refreshGrant } from './oauth-http.js';
import { readClaudeCodeCredentials } from './read-external.js';
import {
  adopt,
  journal,
  type RefreshOutcome,
  saveOrRecover,
  type WrittenBack,
  writeBack,
} from './refresh-persist.js';
import { findNotedRotation, noteRotation } from './rotation-record.js';
import { finishDespiteSignals } from './signal-guard.js';

/** An access token with less than this left is refreshed before use. */
export const REFRESH_MARGIN_MS = 2 * 60_000;
export const CLAUDE_CLI_PROFILE = 'anthropic:claude-cli';

export interface RefreshOptions {
  /** refresh even if the access token is still valid */
  force?: boolean;
  /** refresh when the access token has less than this left (default REFRESH_MARGIN_MS) */
  minValidMs?: number;
}

/** True when the profile was marked dead for exactly this refresh token. */
export function isDeadFor(
  store: Parameters<typeof getDeadMarker>[0],
  profileId: string,
  refresh: string,
): boolean {
  return getDeadMarker(store, profileId)?.refreshFingerprint === fingerprint(refresh);
}

function revoked(profileId: string, provider: string, why: string): ClaudeSyncError {
  return new ClaudeSyncError(
    'OAUTH_REFRESH_REVOKED',
    `${profileId}: the refresh token was rejected (${why}); log in again`,
    // No hint text here: the one recovery module (@clawdbot-auth/credentials) picks it from the profile.
    { profileId, provider, hint: 'clawdbot models status' },
  );
}

async function loadOAuth(ctx: SyncContext, agentId: string, profileId: string) {
  const view = await readStore(ctx, agentId);
  const cred = view.store.profiles[profileId];
  if (!cred) {
    throw new ClaudeSyncError('PROFILE_NOT_FOUND', `${profileId}: no such profile in ${view.path}`, {
      path: view.path,
      hint: 'clawdbot models auth list',
    });
  }
  return { view, cred };
}

function fresh(cred: OAuthCredential, now: number, minValidMs = REFRESH_MARGIN_MS): boolean {
  return cred.expires - now > Math.max(minValidMs, REFRESH_MARGIN_MS);
}

/** Claude Code rotated the grant itself: take its newer tokens instead of spending ours. */
async function adoptClaudeCode(ctx: SyncContext, cur: OAuthCredential): Promise<OAuthCredential | undefined> {
  const cc = await readClaudeCodeCredentials(ctx);
  const c = cc.credential;
  if (c?.type !== 'oauth' || c.refresh === cur.refresh || c.expires <= cur.expires) return undefined;
  if (!fresh(c, ctx.now())) return undefined;
  return { ...cur, access: c.access, refresh: c.refresh, expires: c.expires };
}

/** The body of one refresh, run while holding the grant's lock. */
async function refreshLocked(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  seen: OAuthCredential,
  force: boolean,
  identity: GrantIdentity,
  minValidMs?: number,
): Promise<RefreshOutcome> {
  const { view, cred } = await loadOAuth(ctx, agentId, profileId);
  if (cred.type !== 'oauth') throw notOAuth(profileId);
  const rotatedByOther = cred.refresh !== seen.refresh || cred.access !== seen.access;
  if (rotatedByOther && fresh(cred, ctx.now(), minValidMs)) return { cred, refreshed: false };
  if (!force && fresh(cred, ctx.now(), minValidMs)) return { cred, refreshed: false };
  if (isDeadFor(view.store, profileId, cred.refresh))
    throw revoked(profileId, cred.provider, 'marked dead earlier');
  if (profileId === CLAUDE_CLI_PROFILE) {
    const adopted = await adoptClaudeCode(ctx, cred);
    if (adopted)
      return adopt(ctx, { agentId, profileId, store: view.path }, cred, adopted, 'Claude Code rotated it');
  }
  // Another store's rotation is copied entry to entry: not for a login whose tokens are in an item.
  const noted = oauthInKeyring(cred)
    ? undefined
    : await findNotedRotation(ctx, identity, cred, { agentId, profileId });
  if (noted && fresh(noted, ctx.now()))
    return adopt(ctx, { agentId, profileId, store: view.path }, cred, noted, 'another store rotated it');
  const provider = cred.provider.toLowerCase();
  if (!isOAuthProvider(provider)) throw notOAuth(profileId);
  // From the moment the request is sent the old refresh token is spent: signals wait (bounded
  // by the HTTP deadline) until the rotation is saved or kept in a recovery file.
  const bound = oauthTimeoutMs(ctx) + 5_000;
  return finishDespiteSignals(ctx, bound, () =>
    rotate(ctx, { agentId, profileId, storePath: view.path, provider, cred, identity, force }),
  );
}

/** Sends the refresh request and keeps its rotation, whatever happens to the save. */
async function rotate(
  ctx: SyncContext,
  w: {
    agentId: string;
    profileId: string;
    storePath: string;
    provider: OAuthProvider;
    cred: OAuthCredential;
    identity: GrantIdentity;
    force: boolean;
  },
): Promise<RefreshOutcome> {
  const { agentId, profileId, provider, cred, identity, force } = w;
  const tokens = await oauthTokensOf(profileId, cred);
  const result = await refreshGrant(ctx, provider, tokens.refresh);
  const where = { agentId, profileId, store: w.storePath };
  if (!result.ok) {
    const cause = `${result.reason}${result.permanent ? ' (permanent)' : ' (transient, will retry)'}`;
    journal(ctx, 'refresh-failed', where, cred, cred, cause);
  }
  if (!result.ok && result.permanent) {
    await markDead(ctx, agentId, profileId, {
      reason: result.reason,
      refreshFingerprint: fingerprint(cred.refresh),
    });
    throw revoked(profileId, provider, result.reason);
  }
  if (!result.ok) {
    throw new ClaudeSyncError(
      'OAUTH_REFRESH_TRANSIENT',
      `${profileId}: token refresh failed (${result.reason}); try again later`,
      {
        hint: `clawdbot models auth refresh --profile-id ${profileId}`,
      },
    );
  }
  const g = result.grant;
  const rotated: OAuthTokens = { access: g.access, refresh: g.refresh ?? tokens.refresh };
  const plain: OAuthCredential = { ...cred, ...rotated, expires: g.expires };
  // A keyring-held login: the rotated tokens go to its item before the entry and before the lock
  // is released; if the item cannot be written, the plain grant goes to a recovery file.
  const sealed = oauthInKeyring(cred) ? await sealRotation(ctx, w, plain, rotated) : { stored: plain };
  const next = sealed.stored;
  if (next && (await saveOrRecover(ctx, w.storePath, agentId, profileId, next, cred.refresh))) {
    noteRotation(ctx, identity, cred.refresh, { agentId, profileId });
  }
  const out = next ?? sealed.recovered ?? plain;
  journal(ctx, 'refreshed', where, cred, out, force ? 'forced' : 'access token due');
  if (profileId !== CLAUDE_CLI_PROFILE) return { cred: out, refreshed: true };
  return { cred: out, refreshed: true, writtenBack: await writeBack(ctx, plain, tokens.refresh) };
}

function notOAuth(profileId: string): ClaudeSyncError {
  return new ClaudeSyncError(
    'PROFILE_NOT_OAUTH',
    `${profileId} is not an OAuth login: only OAuth profiles have a token to refresh`,
    {
      hint: 'clawdbot models auth list',
    },
  );
}

/** Another process saved a fresh rotation of the grant we saw: use it, no lock needed. */
async function rotatedMeanwhile(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  seen: OAuthCredential,
  minValidMs?: number,
) {
  const cur = (await readStore(ctx, agentId)).store.profiles[profileId];
  if (cur?.type !== 'oauth' || (cur.refresh === seen.refresh && cur.access === seen.access)) return undefined;
  return fresh(cur, ctx.now(), minValidMs) ? { cred: cur, refreshed: false } : undefined;
}

/** One refresh per profile in flight in this process; concurrent callers share it. */
const inFlight = new Map<string, Promise<RefreshOutcome>>();

/** Refreshes under the grant's cross-process lock, sharing an in-flight refresh in this process. */
export function refreshShared(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  seen: OAuthCredential,
  storePath: string,
  force: boolean,
  minValidMs?: number,
): Promise<RefreshOutcome> {
  const key = `${storePath}\u0000${profileId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const identity = {
    provider: seen.provider,
    accountId: seen.accountId,
    email: seen.email,
    refresh: seen.refresh,
  };
  const p = withIdentityLock(
    ctx,
    identity,
    () => refreshLocked(ctx, agentId, profileId, seen, force, identity, minValidMs),
    () => rotatedMeanwhile(ctx, agentId, profileId, seen, minValidMs),
  ).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

export { loadOAuth, notOAuth, revoked, fresh };
export type { RefreshOutcome, WrittenBack };
