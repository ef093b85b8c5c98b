import { fixtureSecret, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { claudeCreds, cli, HOUR, home, readStoreFile, STORE } from './helpers.js';

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
      // the failure is on stderr, names the profile once and the one command that fixes it
      expect(r.stdout).toBe('');
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
      expect(errors).toHaveLength(1);
      expect(errors[0]?.match(/anthropic:work/g)).toHaveLength(1);
      expect(r.stderr).toContain('Run: clawdbot models auth login --provider anthropic');
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

  test('a token endpoint that cannot be reached: stderr names the host and the reason, the login is kept', async () => {
    const server = await startFakeOAuthServer();
    const url = new URL(server.env.CLAWDBOT_OAUTH_TOKEN_URL_ANTHROPIC ?? '');
    await server.close(); // nothing listens there any more
    const { h, access } = seedOAuth(Date.now() - HOUR);
    const r = await cli(h, ['models', 'auth', 'refresh', '--profile-id', 'anthropic:work'], {
      env: server.env,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cannot reach ${url.host} (ECONNREFUSED)`);
    expect(readStoreFile(h).profiles['anthropic:work']?.access).toBe(access);
  });

  test('the Claude Code login: the output says where the new tokens were written back', async () => {
    const server = await startFakeOAuthServer();
    try {
      const h = home();
      const access = fixtureSecret.anthropicOAuthAccess();
      const refresh = fixtureSecret.anthropicOAuthRefresh();
      h.write('.claude/.credentials.json', claudeCreds(access, Date.now() + 2 * HOUR, refresh));
      const r = await cli(
        h,
        ['models', 'auth', 'refresh', '--profile-id', 'anthropic:claude-cli', '--force'],
        {
          env: server.env,
          secrets: [access, refresh],
        },
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^anthropic:claude-cli refreshed, expires in \S+; written back to Claude Code \(~\/\.claude\/\.credentials\.json\)\n$/,
      );
      expect(h.read('.claude/.credentials.json')).not.toContain(access);
      const json = JSON.parse(
        (
          await cli(
            h,
            ['models', 'auth', 'refresh', '--profile-id', 'anthropic:claude-cli', '--force', '--json'],
            {
              env: server.env,
            },
          )
        ).stdout,
      );
      expect(json.profiles[0]).toMatchObject({
        profileId: 'anthropic:claude-cli',
        refreshed: true,
        writtenBack: 'file',
      });
    } finally {
      await server.close();
    }
  });
});
