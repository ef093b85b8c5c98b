import type { AuthStore, Credential } from '../schema.js';
import { fingerprint } from './redact.js';

/** Spec 03 health of one credential (`missing` is for providers without any). */
export type HealthStatus = 'ok' | 'expiring' | 'expired' | 'refreshable' | 'static' | 'missing';

export const DEFAULT_WARN_MS = 86_400_000;

export interface ProfileHealth {
  status: HealthStatus;
  expiresAt?: number;
  remainingMs?: number;
  dead: boolean;
  /** oauth with a refresh token and not dead: it renews itself */
  refreshable: boolean;
}

/** The facts health is computed from; a resolver candidate carries the same. */
export interface HealthFacts {
  type: Credential['type'];
  expires?: number;
  hasRefresh: boolean;
  dead: boolean;
}

function validExpiry(expires: number | undefined): number | undefined {
  return typeof expires === 'number' && Number.isFinite(expires) && expires > 0 ? expires : undefined;
}

/**
 * Health from facts (spec 03 table): static, ok/expiring/expired by expiry, refreshable,
 * dead always expired.
 * @throws never
 */
export function healthFromFacts(facts: HealthFacts, now: number, warnMs = DEFAULT_WARN_MS): ProfileHealth {
  const expiresAt = validExpiry(facts.expires);
  const refreshable = facts.type === 'oauth' && facts.hasRefresh && !facts.dead;
  const base = { dead: facts.dead, refreshable };
  if (facts.type === 'api_key') return { status: 'static', ...base };
  if (expiresAt === undefined) {
    if (facts.type === 'token') return { status: 'static', ...base };
    return { status: refreshable ? 'refreshable' : 'expired', ...base };
  }
  const remainingMs = expiresAt - now;
  const timed = { expiresAt, remainingMs, ...base };
  if (facts.dead || remainingMs <= 0) return { status: refreshable ? 'refreshable' : 'expired', ...timed };
  if (refreshable || remainingMs > warnMs) return { status: 'ok', ...timed };
  return { status: 'expiring', ...timed };
}

/**
 * Health of one stored credential at `now`; `opts.dead` when the store marks it dead.
 * @throws never
 */
export function profileHealth(
  cred: Credential,
  now: number,
  warnMs = DEFAULT_WARN_MS,
  opts: { dead?: boolean } = {},
): ProfileHealth {
  const facts: HealthFacts = {
    type: cred.type,
    expires: cred.type === 'api_key' ? undefined : cred.expires,
    hasRefresh: cred.type === 'oauth' && cred.refresh.trim() !== '',
    dead: opts.dead === true,
  };
  return healthFromFacts(facts, now, warnMs);
}

/**
 * True when the store's dead marker for this profile names the credential's current refresh
 * token (a new login brings a new token and so clears the mark).
 * @throws never
 */
export function isProfileDead(store: AuthStore, profileId: string, cred?: Credential): boolean {
  const marker = store.clawdbot?.dead?.[profileId];
  if (!marker) return false;
  if (!cred || cred.type !== 'oauth' || !cred.refresh) return true;
  return marker.refreshFingerprint === fingerprint(cred.refresh);
}

/**
 * Short remaining time as status shows it: minutes under 1 h, hours under 48 h, else days,
 * rounded ('45m', '2h', '10d'); '0m' once past.
 * @throws never
 */
export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0m';
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.round(hours / 24)}d`;
}
