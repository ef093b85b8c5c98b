import { type AddedProfile, addProfile, type OAuthCredential } from '@clawdbot-auth/auth-store';
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

/**
 * Stores a fresh login as `<provider>:<email>` (or `<provider>:default`), beside (never over) a
 * credential of another type under that id: `kept` then names the profile left alone.
 */
export async function storeLogin(
  ctx: SyncContext,
  agentId: string,
  provider: OAuthProvider,
  g: TokenGrant,
): Promise<AddedProfile> {
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
  const profileId = `${provider}:${who.email ?? 'default'}`;
  const cred: OAuthCredential = {
    type: 'oauth',
    provider,
    access: g.access,
    refresh: g.refresh,
    expires: g.expires,
    ...who,
  };
  return addProfile(ctx, agentId, profileId, cred);
}
