import { fixtureSecret, modelStep, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { apiKey, harness, oauth } from './helpers.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('401/403 with an unexpired OAuth token', () => {
  test('forces one refresh and retries once with the new token', async () => {
    const oauthServer = await startFakeOAuthServer();
    servers.push(oauthServer);
    const [access, refresh] = [fixtureSecret.anthropicOAuthAccess(), fixtureSecret.anthropicOAuthRefresh()];
    const h = await harness({
      profiles: { 'anthropic:sub': oauth(access, refresh, Date.now() + 3_600_000) },
      env: oauthServer.env,
      script: [modelStep.unauthorized(), modelStep.reply('after refresh')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('after refresh');
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ outcome: 'ok', refreshed: true });
    expect(oauthServer.tokenRequestCount()).toBe(1);
    expect(oauthServer.requests[0]?.params.refresh_token).toBe(refresh);
    const [first, second] = h.server.requests;
    expect(first?.credential).toBe(access);
    expect(second?.credential).not.toBe(access);
    expect(second?.credential).toBe(h.store().profiles['anthropic:sub']?.access);
  });

  test('a second rejection is an auth failure: cooldown, next profile, no further refresh', async () => {
    const oauthServer = await startFakeOAuthServer();
    servers.push(oauthServer);
    const key = fixtureSecret.anthropicApiKey();
    const h = await harness({
      profiles: {
        'anthropic:sub': oauth(
          fixtureSecret.anthropicOAuthAccess(),
          fixtureSecret.anthropicOAuthRefresh(),
          Date.now() + 3_600_000,
        ),
        'anthropic:key': apiKey(key),
      },
      storeExtra: { order: { anthropic: ['anthropic:sub', 'anthropic:key'] } },
      env: oauthServer.env,
      script: [modelStep.forbidden(), modelStep.unauthorized(), modelStep.reply('from key')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('from key');
    expect(oauthServer.tokenRequestCount()).toBe(1);
    expect(h.server.requests.map((r) => r.credentialHeader)).toEqual([
      'authorization',
      'authorization',
      'x-api-key',
    ]);
    expect(result.attempts[0]).toMatchObject({
      candidate: 'anthropic:sub',
      outcome: 'auth',
      refreshed: true,
    });
    expect(h.store().usageStats?.['anthropic:sub']).toMatchObject({ failureCounts: { auth: 1 } });
  });

  test('an API key rejected with 401 is not refreshed: auth cooldown, next profile', async () => {
    const oauthServer = await startFakeOAuthServer();
    servers.push(oauthServer);
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const h = await harness({
      profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) },
      storeExtra: { order: { anthropic: ['anthropic:a', 'anthropic:b'] } },
      env: oauthServer.env,
      script: [modelStep.unauthorized(), modelStep.reply()],
    });

    await h.turn('hi');

    expect(oauthServer.tokenRequestCount()).toBe(0);
    expect(h.server.requests.map((r) => r.credential)).toEqual([a, b]);
    expect(h.store().usageStats?.['anthropic:a']).toMatchObject({ failureCounts: { auth: 1 } });
  });

  test('an expired access token is refreshed before the request', async () => {
    const oauthServer = await startFakeOAuthServer();
    servers.push(oauthServer);
    const h = await harness({
      profiles: {
        'anthropic:sub': oauth(
          fixtureSecret.anthropicOAuthAccess(),
          fixtureSecret.anthropicOAuthRefresh(),
          Date.now() - 60_000,
        ),
      },
      env: oauthServer.env,
    });

    await h.turn('hi');

    expect(oauthServer.tokenRequestCount()).toBe(1);
    expect(h.server.requests).toHaveLength(1);
    expect(h.server.requests[0]?.credential).toBe(h.store().profiles['anthropic:sub']?.access);
  });

  test('a revoked refresh token fails that profile only; the next one answers', async () => {
    const oauthServer = await startFakeOAuthServer({ mode: 'invalid_grant' });
    servers.push(oauthServer);
    const key = fixtureSecret.anthropicApiKey();
    const h = await harness({
      profiles: {
        'anthropic:sub': oauth(
          fixtureSecret.anthropicOAuthAccess(),
          fixtureSecret.anthropicOAuthRefresh(),
          Date.now() - 60_000,
        ),
        'anthropic:key': apiKey(key),
      },
      env: oauthServer.env,
      script: [modelStep.reply('from key')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('from key');
    expect(h.server.requests.map((r) => r.credential)).toEqual([key]);
    expect(result.attempts[0]).toMatchObject({
      candidate: 'anthropic:sub',
      outcome: 'auth',
      detail: 'token refresh failed (OAUTH_REFRESH_REVOKED)',
    });
  });
});

describe('the turn deadline bounds the refresh it triggers', () => {
  test('an expired login whose token endpoint is slower than --timeout fails as a timeout, not after 30 s', async () => {
    const oauthServer = await startFakeOAuthServer({ delayMs: 4_000 });
    servers.push(oauthServer);
    const access = fixtureSecret.anthropicOAuthAccess();
    const h = await harness({
      profiles: {
        'anthropic:sub': oauth(access, fixtureSecret.anthropicOAuthRefresh(), Date.now() - 60_000),
      },
      env: oauthServer.env,
      script: [modelStep.reply('never sent')],
    });

    const result = await h.turn('hi', { timeoutMs: 500 }).catch((err: unknown) => err);

    // The refresh was asked for and given up at the turn's deadline: no model request went out
    // with the expired token, and the stored login is still the old one (nothing half-saved).
    expect(oauthServer.tokenRequestCount()).toBe(1);
    expect(h.server.requests).toEqual([]);
    expect(JSON.stringify(result)).toMatch(/OAUTH_REFRESH_TRANSIENT|timed out|no answer/i);
    expect(h.store().profiles['anthropic:sub']?.access).toBe(access);
  });
});
