import { upsertProfile } from '@clawdbot-auth/auth-store';
import {
  type FakeOAuthServer,
  fixtureSecret,
  leakedSecrets,
  startFakeOAuthServer,
} from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { type ClaudeSyncError, getAccessToken } from '../src/index.js';
import { type Fixture, STORE_REL, useOAuthFixture } from './helpers.js';

// Issue 13 (low): a token endpoint that redirects, answers without bound, or sends a nonsense
// expires_in. Each is a transient failure that leaves the stored grant exactly as it was.
let fx: Fixture;
let server: FakeOAuthServer;
useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});
const others: FakeOAuthServer[] = [];
afterEach(async () => {
  for (const o of others.splice(0)) await o.close();
});

async function expiredGrant() {
  await upsertProfile(fx.ctx, 'main', 'anthropic:me', {
    type: 'oauth',
    provider: 'anthropic',
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: fx.clock.now - 60_000,
  });
  return fx.h.read(STORE_REL);
}

async function failure(): Promise<ClaudeSyncError> {
  try {
    await getAccessToken(fx.ctx, 'main', 'anthropic:me');
  } catch (err) {
    return err as ClaudeSyncError;
  }
  throw new Error('the refresh succeeded');
}

describe('a hostile token endpoint', () => {
  test.each([307, 308])(
    'a %i redirect to another origin is refused: the refresh token is not re-sent',
    async (status) => {
      const other = await startFakeOAuthServer();
      others.push(other);
      server.set({ redirect: { status, location: `${other.url}/anthropic/token` } });
      const before = await expiredGrant();

      const err = await failure();

      expect(err.code).toBe('OAUTH_REFRESH_TRANSIENT');
      expect(err.message).toContain(`redirect (HTTP ${status}) to ${other.url}`);
      expect(other.tokenRequestCount()).toBe(0);
      expect(fx.h.read(STORE_REL)).toBe(before);
    },
  );

  test('an answer over 64 KiB is an error, not read to the end', async () => {
    server.set({ padBytes: 70 * 1024 });
    const before = await expiredGrant();
    const err = await failure();
    expect(err.code).toBe('OAUTH_REFRESH_TRANSIENT');
    expect(err.message).toContain('more than 64 KiB');
    expect(fx.h.read(STORE_REL)).toBe(before);
  });

  test.each([[-3600], [0], ['3600'], [null], [1e300]])(
    'expires_in %j is transient, the grant untouched',
    async (expiresIn) => {
      server.set({ expiresIn });
      const before = await expiredGrant();
      const err = await failure();
      expect(err.code).toBe('OAUTH_REFRESH_TRANSIENT');
      expect(err.message).toContain('bad expires_in');
      expect(fx.h.read(STORE_REL)).toBe(before);
    },
  );

  test('an error that echoes the refresh token it was sent: the token is in no message, journal or file beside the grant', async () => {
    server.set({ mode: 'echo_refresh_token' });
    const before = await expiredGrant();
    const sent = JSON.parse(before).profiles['anthropic:me'].refresh as string;

    const err = await failure();

    expect(err.code).toBe('OAUTH_REFRESH_TRANSIENT');
    const journal = fx.h.exists('.clawdbot/logs/auth-events.jsonl')
      ? fx.h.read('.clawdbot/logs/auth-events.jsonl')
      : '';
    expect(leakedSecrets(`${err.message}\n${err.hint ?? ''}\n${journal}`, [sent])).toEqual([]);
    expect(fx.h.read(STORE_REL)).toBe(before);
  });
});
