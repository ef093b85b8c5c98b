import fs from 'node:fs';
import { upsertProfile } from '@clawdbot-auth/auth-store';
import { type FakeOAuthServer, fixtureSecret, leakedSecrets } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { type ClaudeSyncError, getAccessToken, OAUTH_CLIENT_IDS, refreshProfile } from '../src/index.js';
import { CLAUDE_REL, claudeFile, type Fixture, STORE_REL, useOAuthFixture } from './helpers.js';

const MIN = 60_000;
let fx: Fixture;
let server: FakeOAuthServer;

useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});

async function storeOAuth(profileId: string, provider: string, expiresIn: number, extra: object = {}) {
  const cred = {
    type: 'oauth' as const,
    provider,
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: fx.clock.now + expiresIn,
    ...extra,
  };
  await upsertProfile(fx.ctx, 'main', profileId, cred);
  return cred;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as ClaudeSyncError).code;
  }
}

describe('getAccessToken', () => {
  test('an unexpired token is used as is: no request, no lock file', async () => {
    const cred = await storeOAuth('anthropic:me', 'anthropic', 60 * MIN);
    expect(await getAccessToken(fx.ctx, 'main', 'anthropic:me')).toEqual({
      token: cred.access,
      refreshed: false,
      expires: cred.expires,
    });
    expect(server.tokenRequestCount()).toBe(0);
    expect(fx.h.exists('.clawdbot/locks')).toBe(false);
  });

  test('anthropic: JSON body with client id; new tokens saved with expires = now + expires_in − 5 min', async () => {
    const cred = await storeOAuth('anthropic:me', 'anthropic', -MIN, { email: 'me@example.com' });
    const r = await getAccessToken(fx.ctx, 'main', 'anthropic:me');
    expect(r.refreshed).toBe(true);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.contentType).toContain('application/json');
    expect(req?.params).toEqual({
      grant_type: 'refresh_token',
      client_id: OAUTH_CLIENT_IDS.anthropic,
      refresh_token: cred.refresh,
    });
    const saved = fx.storeJson()?.profiles['anthropic:me'];
    expect(saved?.access).toBe(r.token);
    expect(saved?.refresh).not.toBe(cred.refresh);
    expect(saved?.expires).toBe(fx.clock.now + 3600 * 1000 - 5 * MIN);
    expect(saved?.email).toBe('me@example.com');
    expect(fs.statSync(fx.h.path('.clawdbot/locks')).mode & 0o777).toBe(0o700);
  });

  test('openai-codex: form body; a response without refresh_token keeps the old one', async () => {
    server.set({ rotateRefresh: false });
    const cred = await storeOAuth('openai-codex:me', 'openai-codex', -MIN);
    await getAccessToken(fx.ctx, 'main', 'openai-codex:me');
    expect(server.requests[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(server.requests[0]?.params.client_id).toBe(OAUTH_CLIENT_IDS['openai-codex']);
    expect(fx.storeJson()?.profiles['openai-codex:me']?.refresh).toBe(cred.refresh);
  });

  test('concurrent callers in one process share one refresh', async () => {
    await storeOAuth('anthropic:me', 'anthropic', -MIN);
    const all = await Promise.all(
      Array.from({ length: 10 }, () => getAccessToken(fx.ctx, 'main', 'anthropic:me')),
    );
    expect(server.tokenRequestCount()).toBe(1);
    expect(new Set(all.map((r) => r.token)).size).toBe(1);
  });

  test('force refreshes an unexpired token', async () => {
    await storeOAuth('anthropic:me', 'anthropic', 60 * MIN);
    expect((await refreshProfile(fx.ctx, 'main', 'anthropic:me', { force: true })).refreshed).toBe(true);
    expect(server.tokenRequestCount()).toBe(1);
  });

  test('a caller that gives up still gets the rotation saved', async () => {
    server.set({ delayMs: 400 });
    await storeOAuth('anthropic:me', 'anthropic', -MIN);
    const signal = AbortSignal.timeout(50);
    await expect(getAccessToken(fx.ctx, 'main', 'anthropic:me', { signal })).rejects.toBeTruthy();
    await new Promise((r) => setTimeout(r, 800));
    const next = await getAccessToken(fx.ctx, 'main', 'anthropic:me');
    expect(next.refreshed).toBe(false);
    expect(server.tokenRequestCount()).toBe(1);
  });
});

describe('failures', () => {
  test('a token server slower than the deadline: transient, credential untouched', async () => {
    server.set({ delayMs: 3_000 });
    fx.ctx.oauthTimeoutMs = 200;
    await storeOAuth('anthropic:me', 'anthropic', -MIN);
    const before = fx.h.read(STORE_REL);
    expect(await codeOf(getAccessToken(fx.ctx, 'main', 'anthropic:me'))).toBe('OAUTH_REFRESH_TRANSIENT');
    expect(fx.h.read(STORE_REL)).toBe(before);
  });

  test.each([['server_error' as const], ['rate_limited' as const]])(
    '%s is transient and retried on the next call',
    async (mode) => {
      server.set({ mode });
      await storeOAuth('anthropic:me', 'anthropic', -MIN);
      const before = fx.h.read(STORE_REL);
      expect(await codeOf(getAccessToken(fx.ctx, 'main', 'anthropic:me'))).toBe('OAUTH_REFRESH_TRANSIENT');
      expect(fx.h.read(STORE_REL)).toBe(before);
      server.set({ mode: 'ok' });
      expect((await getAccessToken(fx.ctx, 'main', 'anthropic:me')).refreshed).toBe(true);
      expect(server.tokenRequestCount()).toBe(2);
    },
  );

  test('invalid_grant: one request, the profile is dead, no request on later calls', async () => {
    server.set({ mode: 'invalid_grant' });
    const cred = await storeOAuth('anthropic:work', 'anthropic', -MIN);
    const err = await getAccessToken(fx.ctx, 'main', 'anthropic:work').catch((e: ClaudeSyncError) => e);
    expect(err).toMatchObject({
      code: 'OAUTH_REFRESH_REVOKED',
      profileId: 'anthropic:work',
      provider: 'anthropic',
    });
    expect(
      leakedSecrets(`${(err as Error).message} ${(err as ClaudeSyncError).hint}`, [
        cred.access,
        cred.refresh,
      ]),
    ).toEqual([]);
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(getAccessToken(fx.ctx, 'main', 'anthropic:work'))).toBe('OAUTH_REFRESH_REVOKED');
    }
    expect(server.tokenRequestCount()).toBe(1);
    expect(fx.storeJson()?.profiles['anthropic:work']?.refresh).toBe(cred.refresh);
  });

  test('a dead claude-cli profile names the profile (the recovery module picks the command)', async () => {
    server.set({ mode: 'invalid_grant' });
    await storeOAuth('anthropic:claude-cli', 'anthropic', -MIN);
    const err = await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli').catch((e: ClaudeSyncError) => e);
    expect(err).toMatchObject({ code: 'OAUTH_REFRESH_REVOKED', profileId: 'anthropic:claude-cli' });
  });

  test('a new refresh token (after login) revives a dead profile', async () => {
    server.set({ mode: 'invalid_grant' });
    await storeOAuth('anthropic:me', 'anthropic', -MIN);
    await codeOf(getAccessToken(fx.ctx, 'main', 'anthropic:me'));
    server.set({ mode: 'ok' });
    await storeOAuth('anthropic:me', 'anthropic', -MIN);
    expect((await getAccessToken(fx.ctx, 'main', 'anthropic:me')).refreshed).toBe(true);
  });

  test('an unknown profile is PROFILE_NOT_FOUND', async () => {
    expect(await codeOf(getAccessToken(fx.ctx, 'main', 'anthropic:nope'))).toBe('PROFILE_NOT_FOUND');
  });
});

describe('anthropic:claude-cli and Claude Code', () => {
  test('write-back keeps every other key of .credentials.json and its mode', async () => {
    const cred = await storeOAuth('anthropic:claude-cli', 'anthropic', -MIN);
    const file = claudeFile({
      access: cred.access,
      refresh: cred.refresh,
      expiresAt: cred.expires,
      extra: { rateLimitTier: 'x' },
    });
    fx.h.write(CLAUDE_REL, { ...file, mcpOAuth: { server: { token: 'keep' } } }, 0o640);
    const r = await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');
    const after = fx.h.readJson<{ claudeAiOauth: Record<string, unknown>; mcpOAuth: unknown }>(CLAUDE_REL);
    const saved = fx.storeJson()?.profiles['anthropic:claude-cli'];
    expect(after.claudeAiOauth).toEqual({
      accessToken: r.token,
      refreshToken: saved?.refresh,
      expiresAt: saved?.expires,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
      rateLimitTier: 'x',
    });
    expect(after.mcpOAuth).toEqual({ server: { token: 'keep' } });
    expect(fs.statSync(fx.h.path(CLAUDE_REL)).mode & 0o777).toBe(0o640);
  });

  test('when Claude Code already rotated the grant, its tokens are adopted without a request', async () => {
    const cred = await storeOAuth('anthropic:claude-cli', 'anthropic', -MIN);
    const newer = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...newer, expiresAt: fx.clock.now + 300 * MIN }));
    const r = await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');
    expect(r.token).toBe(newer.access);
    expect(server.tokenRequestCount()).toBe(0);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']?.refresh).toBe(newer.refresh);
    expect(cred.refresh).not.toBe(newer.refresh);
  });

  test('Claude Code holding another grant is not overwritten', async () => {
    await storeOAuth('anthropic:claude-cli', 'anthropic', -MIN);
    const other = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    const text = `${JSON.stringify(claudeFile({ ...other, expiresAt: fx.clock.now - 10 * MIN }))}\n`;
    fx.h.write(CLAUDE_REL, text);
    await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');
    expect(fx.h.read(CLAUDE_REL)).toBe(text);
  });
});
