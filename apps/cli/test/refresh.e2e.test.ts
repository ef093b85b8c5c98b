import { fixtureSecret, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, HOUR, home, readStoreFile, STORE } from './helpers.js';

function seedOAuth(expires: number) {
  const h = home();
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  h.write(STORE, {
    version: 1,
    profiles: { 'anthropic:work': { type: 'oauth', provider: 'anthropic', access, refresh, expires } },
  });
  return { h, access, refresh };
}

describe.concurrent('models auth refresh', () => {
  test('--force rotates the token at the (overridden) token endpoint and stores it; the old secrets never show', async () => {
    const server = await startFakeOAuthServer();
    try {
      const { h, access, refresh } = seedOAuth(Date.now() + 2 * HOUR);
      const r = await cli(h, ['models', 'auth', 'refresh', '--provider', 'anthropic', '--force'], {
        env: server.env,
        secrets: [access, refresh],
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^anthropic:work refreshed, expires in \d+m\n$/);
      expect(server.tokenRequestCount()).toBe(1);
      expect(readStoreFile(h).profiles['anthropic:work']?.access).not.toBe(access);
    } finally {
      await server.close();
    }
  });

  test('without --force a valid token is kept and nothing is requested', async () => {
    const server = await startFakeOAuthServer();
    try {
      const { h } = seedOAuth(Date.now() + 5 * HOUR);
      const r = await cli(h, ['models', 'auth', 'refresh'], { env: server.env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('anthropic:work still valid');
      expect(server.tokenRequestCount()).toBe(0);
    } finally {
      await server.close();
    }
  });

  test('a revoked refresh token (invalid_grant): exit 1, profile marked dead, status names the login command, --check 1', async () => {
    const server = await startFakeOAuthServer({ mode: 'invalid_grant' });
    try {
      const { h } = seedOAuth(Date.now() - HOUR);
      const r = await cli(h, ['models', 'auth', 'refresh', '--profile-id', 'anthropic:work'], {
        env: server.env,
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('anthropic:work failed');
      const s = await cli(h, ['models', 'status', '--check'], { env: server.env });
      expect(s.stdout).toContain(
        'anthropic:work expired (refresh token revoked: run clawdbot models auth login --provider anthropic)',
      );
      expect(s.code).toBe(1);
      const again = await cli(h, ['models', 'auth', 'refresh', '--profile-id', 'anthropic:work'], {
        env: server.env,
      });
      expect(again.code).toBe(1);
      expect(server.tokenRequestCount()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
