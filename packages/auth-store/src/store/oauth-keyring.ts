import {
  type KeyringLocation,
  keyringRead,
  keyringWrite,
  rememberResolved,
  SecretsError,
} from '@clawdbot-auth/secrets';
import { fingerprint } from '../policy/redact.js';
import type { Credential, OAuthCredential } from '../schema.js';

/**
 * OAuth logins in the OS keyring. The item holds `{"access","refresh"}` as JSON; the store entry
 * keeps everything else (expiry, account, email) and, in place of the tokens, references of the
 * form `keyring:<fingerprint>`: never the bytes, yet different for every token generation, so
 * the refresh rules that compare generations (the identity lock's re-read, the fenced save,
 * dead marks) work on the entry unchanged. `clawdbot.fingerprint` is the access token's, for
 * display. Only a request (getAccessToken) and a refresh read the item.
 */

const PREFIX = 'keyring:';

/** The reference the entry keeps in place of a token. */
export function keyringTokenRef(token: string): string {
  return `${PREFIX}${fingerprint(token)}`;
}

/** True for an OAuth entry whose tokens are in the keyring. */
export function oauthInKeyring(
  cred: Credential,
): cred is OAuthCredential & { clawdbot: { keyring: KeyringLocation } } {
  return cred.type === 'oauth' && cred.clawdbot?.keyring !== undefined;
}

export interface OAuthTokens {
  access: string;
  refresh: string;
}

/**
 * The entry's form once `tokens` are in the keyring item `at`.
 * @throws never
 */
export function sealOAuth(cred: OAuthCredential, at: KeyringLocation, tokens: OAuthTokens): OAuthCredential {
  const { staleKeyring: _s, ...extras } = cred.clawdbot ?? {};
  return {
    ...cred,
    access: keyringTokenRef(tokens.access),
    refresh: keyringTokenRef(tokens.refresh),
    clawdbot: { ...extras, keyring: at, fingerprint: fingerprint(tokens.access) },
  };
}

/**
 * Writes a login's tokens to its item and reads them back.
 * @throws KEYRING_UNAVAILABLE
 */
export async function writeOAuthTokens(at: KeyringLocation, tokens: OAuthTokens): Promise<void> {
  await keyringWrite(at, JSON.stringify({ access: tokens.access, refresh: tokens.refresh }));
}

/**
 * The real tokens of an OAuth entry: inline ones as they are, keyring-held ones read from
 * the item.
 * @throws KEYRING_UNAVAILABLE, SECRET_REF_UNRESOLVED (no item, or not a login's tokens)
 */
export async function oauthTokensOf(profileId: string, cred: OAuthCredential): Promise<OAuthTokens> {
  if (!oauthInKeyring(cred)) return { access: cred.access, refresh: cred.refresh };
  const at = cred.clawdbot.keyring;
  let text: string;
  try {
    text = await keyringRead(at);
  } catch (err) {
    const e = err as SecretsError;
    const hint =
      e.code === 'SECRET_REF_UNRESOLVED' ? `clawdbot models auth login --provider ${cred.provider}` : e.hint;
    throw new SecretsError(
      e.code ?? 'KEYRING_UNAVAILABLE',
      `${profileId}: ${e.message}`,
      hint ? { hint } : {},
    );
  }
  try {
    const v = JSON.parse(text) as Partial<OAuthTokens>;
    if (typeof v.access === 'string' && typeof v.refresh === 'string')
      return { access: rememberResolved(v.access), refresh: rememberResolved(v.refresh) };
  } catch {
    // not JSON: said below, without the text
  }
  throw new SecretsError(
    'SECRET_REF_UNRESOLVED',
    `${profileId}: the keyring item ${at.account} holds no OAuth login`,
    {
      hint: `clawdbot models auth login --provider ${cred.provider}`,
    },
  );
}
