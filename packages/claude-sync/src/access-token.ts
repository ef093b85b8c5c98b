import { oauthTokensOf, profileSecret } from '@clawdbot-auth/auth-store';
import type { SyncContext } from './context.js';
import {
  fresh,
  isDeadFor,
  loadOAuth,
  notOAuth,
  type RefreshOptions,
  refreshShared,
  revoked,
  type WrittenBack,
} from './refresh.js';

/**
 * A usable access token for a profile: an unexpired one as is (no lock, no request), else
 * one refresh under the grant's cross-process lock. A rotation is saved even when the
 * caller stops waiting (`signal`), because the refresh token it replaced is spent.
 * @throws OAUTH_REFRESH_REVOKED, OAUTH_REFRESH_TRANSIENT, PROFILE_NOT_FOUND, SECRET_REF_UNRESOLVED
 */
export async function getAccessToken(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  opts: RefreshOptions & { signal?: AbortSignal } = {},
): Promise<{ token: string; refreshed: boolean; expires?: number }> {
  const { view, cred } = await loadOAuth(ctx, agentId, profileId);
  if (cred.type !== 'oauth') {
    const token = await profileSecret({ ctx, secrets: ctx.secrets }, profileId, cred);
    const expires = cred.type === 'token' ? cred.expires : undefined;
    return { token, refreshed: false, ...(expires ? { expires } : {}) };
  }
  if (!opts.force && fresh(cred, ctx.now(), opts.minValidMs))
    return { token: (await oauthTokensOf(profileId, cred)).access, refreshed: false, expires: cred.expires };
  if (isDeadFor(view.store, profileId, cred.refresh))
    throw revoked(profileId, cred.provider, 'marked dead earlier');
  const work = refreshShared(ctx, agentId, profileId, cred, view.path, opts.force === true, opts.minValidMs);
  const r = opts.signal ? await raceAbort(work, opts.signal) : await work;
  // A keyring-held login's entry holds references: the token is read from its item.
  const token = (await oauthTokensOf(profileId, r.cred)).access;
  return { token, refreshed: r.refreshed, expires: r.cred.expires };
}

/**
 * Refreshes a profile now (or only when due, without `force`).
 * @throws OAUTH_REFRESH_REVOKED, OAUTH_REFRESH_TRANSIENT, PROFILE_NOT_FOUND, PROFILE_NOT_OAUTH
 */
export async function refreshProfile(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  opts: RefreshOptions = {},
): Promise<{ refreshed: boolean; expires: number; writtenBack?: WrittenBack }> {
  const { view, cred } = await loadOAuth(ctx, agentId, profileId);
  if (cred.type !== 'oauth') throw notOAuth(profileId);
  if (!opts.force && fresh(cred, ctx.now())) return { refreshed: false, expires: cred.expires };
  if (isDeadFor(view.store, profileId, cred.refresh))
    throw revoked(profileId, cred.provider, 'marked dead earlier');
  const r = await refreshShared(ctx, agentId, profileId, cred, view.path, opts.force === true);
  return {
    refreshed: r.refreshed,
    expires: r.cred.expires,
    ...(r.writtenBack ? { writtenBack: r.writtenBack } : {}),
  };
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
