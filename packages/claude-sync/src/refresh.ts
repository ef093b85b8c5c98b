import {
  type Credential,
  fingerprint,
  getDeadMarker,
  markDead,
  mutateProfile,
  type OAuthCredential,
  readStore,
} from '@clawdbot-auth/auth-store';
import { logLine, type SyncContext } from './context.js';
import { isOAuthProvider } from './endpoints.js';
import { ClaudeSyncError, reloginHint } from './errors.js';
import { type GrantIdentity, withIdentityLock } from './identity-lock.js';
import { refreshGrant } from './oauth-http.js';
import { readClaudeCodeCredentials } from './read-external.js';
import { findNotedRotation, noteRotation } from './rotation-record.js';
import { writeBackClaudeCode } from './write-back.js';

/** An access token with less than this left is refreshed before use. */
export const REFRESH_MARGIN_MS = 2 * 60_000;
export const CLAUDE_CLI_PROFILE = 'anthropic:claude-cli';

export interface RefreshOptions {
  /** refresh even if the access token is still valid */
  force?: boolean;
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
    { hint: reloginHint(provider, profileId) },
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

function fresh(cred: OAuthCredential, now: number): boolean {
  return cred.expires - now > REFRESH_MARGIN_MS;
}

/** Claude Code rotated the grant itself: take its newer tokens instead of spending ours. */
async function adoptClaudeCode(ctx: SyncContext, cur: OAuthCredential): Promise<OAuthCredential | undefined> {
  const cc = await readClaudeCodeCredentials(ctx);
  const c = cc.credential;
  if (c?.type !== 'oauth' || c.refresh === cur.refresh || c.expires <= cur.expires) return undefined;
  if (!fresh(c, ctx.now())) return undefined;
  return { ...cur, access: c.access, refresh: c.refresh, expires: c.expires };
}

async function save(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  next: OAuthCredential,
  spent?: string,
): Promise<void> {
  // Only the rotated fields change; a profile removed or replaced meanwhile stays as it is.
  // After a token request (`spent`: the refresh token read under the lock before it) the save
  // is fenced: a grant that changed meanwhile (this holder lost its lock while paused or cut
  // off, and another process rotated or the user logged in again) is newer and stays.
  await mutateProfile(ctx, agentId, profileId, (current: Credential | undefined) =>
    current?.type !== 'oauth' ||
    (spent !== undefined && current.refresh !== spent && current.refresh !== next.refresh)
      ? 'skip'
      : { ...current, access: next.access, refresh: next.refresh, expires: next.expires },
  );
}

/** Puts a rotation of `anthropic:claude-cli` back into Claude Code; a failure is reported, not thrown. */
async function writeBack(ctx: SyncContext, next: OAuthCredential, oldRefresh: string): Promise<void> {
  try {
    await writeBackClaudeCode(ctx, next, oldRefresh);
  } catch (err) {
    const e = err as ClaudeSyncError;
    logLine(ctx, `warning: ${e.message}${e.hint ? ` (run: ${e.hint})` : ''}`);
  }
}

/** The body of one refresh, run while holding the grant's lock. */
async function refreshLocked(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  seen: OAuthCredential,
  force: boolean,
  identity: GrantIdentity,
): Promise<{ cred: OAuthCredential; refreshed: boolean }> {
  const { view, cred } = await loadOAuth(ctx, agentId, profileId);
  if (cred.type !== 'oauth') throw notOAuth(profileId);
  const rotatedByOther = cred.refresh !== seen.refresh || cred.access !== seen.access;
  if (rotatedByOther && fresh(cred, ctx.now())) return { cred, refreshed: false };
  if (!force && fresh(cred, ctx.now())) return { cred, refreshed: false };
  if (isDeadFor(view.store, profileId, cred.refresh))
    throw revoked(profileId, cred.provider, 'marked dead earlier');
  if (profileId === CLAUDE_CLI_PROFILE) {
    const adopted = await adoptClaudeCode(ctx, cred);
    if (adopted) {
      await save(ctx, agentId, profileId, adopted);
      return { cred: adopted, refreshed: false };
    }
  }
  const noted = await findNotedRotation(ctx, identity, cred, { agentId, profileId });
  if (noted && fresh(noted, ctx.now())) {
    await save(ctx, agentId, profileId, noted);
    return { cred: noted, refreshed: false };
  }
  const provider = cred.provider.toLowerCase();
  if (!isOAuthProvider(provider)) throw notOAuth(profileId);
  const result = await refreshGrant(ctx, provider, cred.refresh);
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
  const next: OAuthCredential = {
    ...cred,
    access: g.access,
    refresh: g.refresh ?? cred.refresh,
    expires: g.expires,
  };
  await save(ctx, agentId, profileId, next, cred.refresh);
  noteRotation(ctx, identity, cred.refresh, { agentId, profileId });
  if (profileId === CLAUDE_CLI_PROFILE) await writeBack(ctx, next, cred.refresh);
  return { cred: next, refreshed: true };
}

function notOAuth(profileId: string): ClaudeSyncError {
  return new ClaudeSyncError(
    'PROFILE_NOT_OAUTH',
    `${profileId}: not an OAuth profile this package can refresh`,
    {
      hint: 'clawdbot models auth list',
    },
  );
}

/** Another process saved a fresh rotation of the grant we saw: use it, no lock needed. */
async function rotatedMeanwhile(ctx: SyncContext, agentId: string, profileId: string, seen: OAuthCredential) {
  const cur = (await readStore(ctx, agentId)).store.profiles[profileId];
  if (cur?.type !== 'oauth' || (cur.refresh === seen.refresh && cur.access === seen.access)) return undefined;
  return fresh(cur, ctx.now()) ? { cred: cur, refreshed: false } : undefined;
}

/** One refresh per profile in flight in this process; concurrent callers share it. */
const inFlight = new Map<string, Promise<{ cred: OAuthCredential; refreshed: boolean }>>();

/** Refreshes under the grant's cross-process lock, sharing an in-flight refresh in this process. */
export function refreshShared(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  seen: OAuthCredential,
  storePath: string,
  force: boolean,
): Promise<{ cred: OAuthCredential; refreshed: boolean }> {
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
    () => refreshLocked(ctx, agentId, profileId, seen, force, identity),
    () => rotatedMeanwhile(ctx, agentId, profileId, seen),
  ).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

export { loadOAuth, notOAuth, revoked, fresh };
