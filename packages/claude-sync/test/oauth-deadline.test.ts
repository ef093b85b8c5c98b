import { describe, expect, test } from 'vitest';
import {
  DEFAULT_OAUTH_TIMEOUT_MS,
  LOCK_STALE_MS,
  MAX_OAUTH_TIMEOUT_MS,
  oauthTimeoutMs,
  type SyncContext,
} from '../src/index.js';

// A refresh holds the identity lock while its token request is in flight. If that request could
// outlive the lock's stale time, another process would take the lock over and refresh the same
// single-use grant a second time (invariant 3): the deadline is tied below the stale time here.
const ctx = (oauthTimeout?: number) => ({ oauthTimeoutMs: oauthTimeout }) as unknown as SyncContext;

describe('the OAuth HTTP deadline stays below the refresh lock stale time', () => {
  test('the default and the cap are below the stale time, with room for the save after the answer', () => {
    expect(oauthTimeoutMs(ctx())).toBe(DEFAULT_OAUTH_TIMEOUT_MS);
    expect(DEFAULT_OAUTH_TIMEOUT_MS).toBeLessThan(LOCK_STALE_MS);
    expect(MAX_OAUTH_TIMEOUT_MS * 2).toBeLessThanOrEqual(LOCK_STALE_MS);
  });

  test('a caller-supplied timeout is used when short and capped when it would reach the stale time', () => {
    expect(oauthTimeoutMs(ctx(1_500))).toBe(1_500);
    for (const asked of [LOCK_STALE_MS - 1, LOCK_STALE_MS, 10 * LOCK_STALE_MS, Number.MAX_SAFE_INTEGER])
      expect(oauthTimeoutMs(ctx(asked))).toBe(MAX_OAUTH_TIMEOUT_MS);
  });

  test('a nonsense timeout (zero, negative, not finite) falls back to the default', () => {
    for (const asked of [0, -5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(oauthTimeoutMs(ctx(asked))).toBe(DEFAULT_OAUTH_TIMEOUT_MS);
  });
});
