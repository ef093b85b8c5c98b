import { type OAuthCredential, upsertProfile } from '@clawdbot-auth/auth-store';
import type { SyncContext } from './context.js';
import type { OAuthProvider } from './endpoints.js';
import { ClaudeSyncError } from './errors.js';
import type { TokenGrant, TokenResult } from './oauth-http.js';
import { isRecord, jwtClaims } from './parse-json.js';

/** Turns a failed code exchange into an error (never echoing the server's body). */
export function exchangeFailed(
  provider: OAuthProvider,
  r: Exclude<TokenResult, { ok: true }>,
): ClaudeSyncError {
  return new ClaudeSyncError(
    'OAUTH_EXCHANGE_FAILED',
    `${provider}: the authorization code was not accepted (${r.reason})`,
    {
      hint: `clawdbot models auth login --provider ${provider}`,
    },
  );
}

function codexAccountId(token: string | undefined): string | undefined {
  const auth = token ? jwtClaims(token)?.['https://api.openai.com/auth'] : undefined;
  return isRecord(auth) && typeof auth.chatgpt_account_id === 'string' ? auth.chatgpt_account_id : undefined;
}

/** Email and account id from the token response, else the id_token / access token claims. */
export function identityOf(g: TokenGrant): { email?: string; accountId?: string } {
  const claims = g.idToken ? jwtClaims(g.idToken) : undefined;
  const email = g.email ?? (typeof claims?.email === 'string' ? claims.email : undefined);
  const accountId = g.accountId ?? codexAccountId(g.idToken) ?? codexAccountId(g.access);
  return { ...(email ? { email } : {}), ...(accountId ? { accountId } : {}) };
}

/** How a login is stored: under which id, and whether it may replace another type of credential. */
export interface StoreLoginOptions {
  /** the profile id to write (default `<provider>:<email>`, else `<provider>:default`) */
  profileId?: string;
  /** replace a credential of another type under that id (`--force`); without it that is refused */
  force?: boolean;
  /** where the login goes; the CLI passes @clawdbot-auth/credentials' registerCredential (store + config routing) */
  save?: SaveLogin;
}

/** Writes a login: the store entry (and, from the CLI, the config routing), refusing another type unless allowed. */
export type SaveLogin = (
  profileId: string,
  credential: OAuthCredential,
  upsert: { sameTypeOnly?: { hint: string } },
) => Promise<unknown>;

/**
 * Stores a fresh login as `opts.profileId`, else `<provider>:<email>` (or `<provider>:default`).
 * @throws OAUTH_EXCHANGE_FAILED, PROFILE_TYPE_CONFLICT (another type under that id, without force)
 */
export async function storeLogin(
  ctx: SyncContext,
  agentId: string,
  provider: OAuthProvider,
  g: TokenGrant,
  opts: StoreLoginOptions = {},
): Promise<{ profileId: string }> {
  if (!g.refresh) {
    throw new ClaudeSyncError(
      'OAUTH_EXCHANGE_FAILED',
      `${provider}: the token response had no refresh token`,
      {
        hint: `clawdbot models auth login --provider ${provider}`,
      },
    );
  }
  const who = identityOf(g);
  const profileId = opts.profileId ?? `${provider}:${who.email ?? 'default'}`;
  const cred: OAuthCredential = {
    type: 'oauth',
    provider,
    access: g.access,
    refresh: g.refresh,
    expires: g.expires,
    ...who,
  };
  const hint = `clawdbot models auth login --provider ${provider} --profile-id ${profileId} --force (replaces it), or another --profile-id`;
  const upsert = opts.force ? {} : { sameTypeOnly: { hint } };
  if (opts.save) await opts.save(profileId, cred, upsert);
  else await upsertProfile(ctx, agentId, profileId, cred, upsert);
  return { profileId };
}
