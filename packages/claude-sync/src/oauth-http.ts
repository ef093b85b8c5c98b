import { oauthTimeoutMs, type SyncContext } from './context.js';
import { OAUTH_CLIENT_IDS, type OAuthProvider, oauthEndpoints } from './endpoints.js';
import { fetchGuarded, TOKEN_RESPONSE_MAX_BYTES } from './guarded-fetch.js';
import { isRecord } from './parse-json.js';

/** A token-endpoint answer we can store. */
export interface TokenGrant {
  access: string;
  /** absent when the server did not rotate it */
  refresh?: string;
  /** ms epoch: now + expires_in·1000 − 5 min */
  expires: number;
  idToken?: string;
  email?: string;
  accountId?: string;
}

export type TokenResult =
  | { ok: true; grant: TokenGrant }
  | { ok: false; permanent: boolean; reason: string; status?: number };

/** Refresh-token errors after which the grant is gone for good. */
const PERMANENT_ERRORS = new Set(['invalid_grant', 'refresh_token_reused', 'token_revoked', 'revoked']);
const EXPIRY_SAFETY_MS = 5 * 60_000;
const DEFAULT_EXPIRES_IN_S = 3600;

function errorCodeOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const e = body.error;
  const code = typeof e === 'string' ? e : isRecord(e) && typeof e.type === 'string' ? e.type : undefined;
  // The server's words are not ours to echo: only what reads as an OAuth error code
  // (`invalid_grant`, `rate_limit_error`) is kept. Anything else, a token it echoed among it, is dropped.
  return code !== undefined && /^[a-z][a-z_]{2,47}$/.test(code) ? code : undefined;
}

function isRevokedText(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const d = body.error_description;
  const text = typeof d === 'string' ? d : isRecord(body.error) ? String(body.error.message ?? '') : '';
  return /revoked|reused|invalid refresh token/i.test(text);
}

function classify(status: number, body: unknown): TokenResult {
  const code = errorCodeOf(body);
  const reason = `HTTP ${status}${code ? ` ${code}` : ''}`;
  const permanent =
    (status === 400 || status === 401) &&
    ((code !== undefined && PERMANENT_ERRORS.has(code)) || isRevokedText(body));
  return { ok: false, permanent, reason, status };
}

/** `expires_in` in seconds: absent means the default; anything but a positive finite number is refused. */
function expiresInOf(body: Record<string, unknown>): number | undefined {
  if (body.expires_in === undefined) return DEFAULT_EXPIRES_IN_S;
  const n = body.expires_in;
  // A year is far more than any access token lives; more would overflow nothing but mean nonsense.
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= 366 * 86_400 ? n : undefined;
}

function toGrant(body: Record<string, unknown>, now: number): TokenGrant | undefined {
  if (typeof body.access_token !== 'string' || body.access_token === '') return undefined;
  const expiresIn = expiresInOf(body);
  if (expiresIn === undefined) return undefined;
  const grant: TokenGrant = { access: body.access_token, expires: now + expiresIn * 1000 - EXPIRY_SAFETY_MS };
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '') grant.refresh = body.refresh_token;
  if (typeof body.id_token === 'string') grant.idToken = body.id_token;
  const account = body.account;
  if (isRecord(account)) {
    if (typeof account.email_address === 'string') grant.email = account.email_address;
    if (typeof account.uuid === 'string') grant.accountId = account.uuid;
  }
  return grant;
}

/**
 * POSTs to a provider's token endpoint (Anthropic: JSON body, OpenAI Codex: form body)
 * with a hard deadline. Never throws: network errors, timeouts, 429 and 5xx are transient;
 * 400/401 with invalid_grant, refresh_token_reused or a revoked token are permanent.
 */
export async function postToken(
  ctx: SyncContext,
  provider: OAuthProvider,
  fields: Record<string, string>,
): Promise<TokenResult> {
  const url = oauthEndpoints(ctx)[provider].tokenUrl;
  const params = { client_id: OAUTH_CLIENT_IDS[provider], ...fields };
  const json = provider === 'anthropic';
  let guarded: Awaited<ReturnType<typeof fetchGuarded>>;
  try {
    guarded = await fetchGuarded(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(oauthTimeoutMs(ctx)),
      },
      TOKEN_RESPONSE_MAX_BYTES,
    );
  } catch (err) {
    const name = (err as Error).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    // which server, and the system's reason (ECONNREFUSED, ENOTFOUND, ...): never the request
    const host = hostOf(url);
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    const why = timedOut
      ? `no answer from ${host} within ${Math.round(oauthTimeoutMs(ctx) / 1000)} s`
      : `cannot reach ${host}${typeof cause === 'string' && /^[A-Z_]{3,32}$/.test(cause) ? ` (${cause})` : ''}`;
    return { ok: false, permanent: false, reason: why };
  }
  // A redirect or an oversized answer is transient: the stored credential stays as it is.
  if (!guarded.ok) return { ok: false, permanent: false, reason: guarded.message, status: guarded.status };
  const { res, text } = guarded;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) return classify(res.status, body);
  const grant = isRecord(body) ? toGrant(body, ctx.now()) : undefined;
  if (!grant) {
    const what =
      isRecord(body) && typeof body.access_token === 'string' ? 'a bad expires_in' : 'no access_token';
    return { ok: false, permanent: false, reason: `HTTP ${res.status} with ${what}` };
  }
  return { ok: true, grant };
}

/** Exchanges a refresh token for a new access token. */
export function refreshGrant(
  ctx: SyncContext,
  provider: OAuthProvider,
  refreshToken: string,
): Promise<TokenResult> {
  return postToken(ctx, provider, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** `host:port` of a token endpoint, for messages. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}
