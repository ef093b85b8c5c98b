import { type AuthStore, type Credential, fingerprint, getTombstone } from '@clawdbot-auth/auth-store';

/** A stored profile this close to expiry (or past it) is always re-checked against the source. */
export const FRESH_WINDOW_MS = 10 * 60_000;
/** How long a fresh profile's check is trusted within one process. */
export const RECHECK_INTERVAL_MS = 15 * 60_000;

function secretsOf(c: Credential): string[] {
  if (c.type === 'oauth') return [c.access, c.refresh];
  if (c.type === 'token') return c.token ? [c.token] : [];
  return c.key ? [c.key] : [];
}

/** A tombstone that matches every login of the source (no account is known to tell them apart). */
const ANY_LOGIN = 'login:any';

/**
 * What a removal tombstone records for a synced login: the account (`account:<fingerprint>`
 * of its account id or e-mail) when the source says which, else every login of that source.
 * Never the token bytes: Claude Code and Codex rotate tokens on their own, and a removed
 * login must not come back after a routine refresh.
 */
export function grantFingerprint(c: Credential): string {
  const account = (c.type === 'oauth' ? c.accountId : undefined) ?? c.email;
  return account ? `account:${fingerprint(account.toLowerCase())}` : ANY_LOGIN;
}

/**
 * The user removed this login under this id. An account tombstone keeps out that account's
 * logins, whatever their tokens; a login of another account comes in. A login that names no
 * account is kept out by any tombstone. Tombstones written before (a token's fingerprint)
 * match that token only.
 */
export function isTombstoned(store: AuthStore, profileId: string, ext: Credential): boolean {
  const stone = getTombstone(store, profileId);
  if (stone === undefined) return false;
  if (stone === ANY_LOGIN) return true;
  if (stone.startsWith('account:')) {
    const mark = grantFingerprint(ext);
    return mark === ANY_LOGIN || mark === stone;
  }
  return secretsOf(ext).some((s) => fingerprint(s) === stone || s === stone);
}

function expiresOf(c: Credential): number | undefined {
  return c.type === 'api_key' ? undefined : c.expires;
}

/** Same type, same secrets, same expiry. */
export function sameCredential(a: Credential, b: Credential): boolean {
  const sa = secretsOf(a);
  const sb = secretsOf(b);
  return (
    a.type === b.type &&
    sa.length === sb.length &&
    sa.every((s, i) => s === sb[i]) &&
    expiresOf(a) === expiresOf(b)
  );
}

/**
 * Whether to import `ext` over `stored`: absent, stored expired, or the source's expiry is
 * later; a token is upgraded to oauth, oauth is never replaced by a token; equal is a no-op.
 */
export function shouldImport(stored: Credential | undefined, ext: Credential, now: number): boolean {
  if (!stored) return true;
  if (sameCredential(stored, ext)) return false;
  if (stored.type === 'api_key') return false;
  if (stored.type === 'oauth' && ext.type !== 'oauth') return false;
  if (stored.type === 'token' && ext.type === 'oauth') return true;
  const se = expiresOf(stored);
  const ee = expiresOf(ext);
  if (se !== undefined && se <= now) return true;
  return ee !== undefined && (se === undefined ? false : ee > se);
}

/**
 * The stored profile is a fresh OAuth grant (more than 10 min before expiry), so reading
 * the source can wait. A `token` is never fresh here: the source may offer an upgrade.
 */
export function isFresh(stored: Credential | undefined, now: number): boolean {
  return stored?.type === 'oauth' && stored.expires - now > FRESH_WINDOW_MS;
}

/** Another profile of the provider already holds these tokens (no duplicate copy kept). */
export function heldElsewhere(store: AuthStore, profileId: string, ext: Credential): boolean {
  if (ext.type !== 'oauth') return false;
  return Object.entries(store.profiles).some(
    ([id, c]) =>
      id !== profileId &&
      c.type === 'oauth' &&
      c.provider.toLowerCase() === ext.provider &&
      c.access === ext.access &&
      c.refresh === ext.refresh,
  );
}
