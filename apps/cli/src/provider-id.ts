import { normalizeProviderId } from '@clawdbot-auth/env-loader';

/**
 * A provider id as every package compares it (env-loader's one rule: lower-cased, aliases
 * mapped, `__proto__` and friends refused). Kept free of oclif for the fast path.
 * @throws INVALID_PROVIDER_ID
 */
export function normalizeProvider(p: string): string {
  return normalizeProviderId(p);
}
