import type { Candidate } from '@clawdbot-auth/auth-store';

/**
 * Why a candidate is not the one a request uses. The first five are later upstream's names;
 * the rest are ours. `unresolved_ref`: a keyRef/tokenRef that does not resolve.
 */
export type ReasonCode =
  | 'excluded_by_auth_order'
  | 'missing_credential'
  | 'expired'
  | 'invalid_expires'
  | 'ineligible_profile'
  | 'cooldown'
  | 'disabled_billing'
  | 'refresh_dead'
  | 'tombstoned'
  | 'unresolved_ref';

/** Every reason code, for schemas and docs. */
export const REASON_CODES: readonly ReasonCode[] = Object.freeze([
  'excluded_by_auth_order',
  'missing_credential',
  'expired',
  'invalid_expires',
  'ineligible_profile',
  'cooldown',
  'disabled_billing',
  'refresh_dead',
  'tombstoned',
  'unresolved_ref',
]);

/** The reason code of a resolver candidate that cannot be used; undefined when it can. */
export function reasonCodeOf(c: Candidate): ReasonCode | undefined {
  if (c.usable) return undefined;
  // Left out of the order: that is why it is not used, whatever else is wrong with it.
  if (c.excluded) return 'excluded_by_auth_order';
  switch (c.reason) {
    case 'dead':
      return 'refresh_dead';
    case 'expired':
      return 'expired';
    case 'billing':
      return 'disabled_billing';
    case 'cooldown':
    case 'disabled':
      return 'cooldown';
    case 'mode mismatch':
      return 'ineligible_profile';
    case 'not in order':
      return 'excluded_by_auth_order';
    case 'unresolved_ref':
      return 'unresolved_ref';
    default:
      return 'missing_credential';
  }
}
