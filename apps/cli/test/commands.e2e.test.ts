import path from 'node:path';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { claudeCreds, cli, DAY, expectStoredProfile, home, readStoreFile, STORE } from './helpers.js';

const EXAMPLE_PLUGIN = path.join(import.meta.dirname, '..', 'examples', 'login-plugin');

describe.concurrent('models auth list / remove / cooldown clear', () => {
  test('list shows type, source, status and fingerprint, never the key', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': { type: 'api_key', provider: 'anthropic', key } },
    });
    const r = await cli(h, ['models', 'auth', 'list'], { secrets: [key] });
    expect(r.stdout).toMatch(/- anthropic:default api_key store static sk-ant-api03…#[0-9a-f]{8}/);
    const j = JSON.parse((await cli(h, ['models', 'auth', 'list', '--json'], { secrets: [key] })).stdout);
    expect(j.profiles[0]).toMatchObject({
      profileId: 'anthropic:default',
      type: 'api_key',
      status: 'static',
    });
  });

  test('list never says "expired expires in": a revoked login with a live access token, an expired token', async () => {
    const h = home();
    const { fingerprint } = await import('@clawdbot-auth/auth-store');
    const now = Date.now();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    const access = fixtureSecret.anthropicOAuthAccess();
    const token = fixtureSecret.anthropicOAuthAccess();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:revoked': {
          type: 'oauth',
          provider: 'anthropic',
          access,
          refresh,
          expires: now + 8 * 3_600_000,
        },
        'anthropic:old': { type: 'token', provider: 'anthropic', token, expires: now - 2 * DAY },
      },
      clawdbot: {
        dead: {
          'anthropic:revoked': { at: now, reason: 'invalid_grant', refreshFingerprint: fingerprint(refresh) },
        },
      },
    });
    const r = await cli(h, ['models', 'auth', 'list'], { secrets: [refresh, access, token] });
    expect(r.stdout).not.toMatch(/expired expires/);
    expect(r.stdout).toMatch(
      /anthropic:revoked oauth .* expired \(refresh token revoked; the access token works for \d+h(\d+m)? more\)/,
    );
    expect(r.stdout).toMatch(/anthropic:old token .* expired since 2d ago/);
  });

  test('a legacy per-agent auth.json is imported on first load and listed as <provider>:default', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write('.clawdbot/agents/main/agent/auth.json', {
      anthropic: { type: 'api_key', provider: 'anthropic', key },
    });
    const r = await cli(h, ['models', 'auth', 'list'], { secrets: [key] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/- anthropic:default api_key store static sk-ant-api03…#[0-9a-f]{8}/);
    expect(readStoreFile(h).profiles['anthropic:default']?.key).toBe(key);
  });

  test('remove of a synced Claude Code profile leaves a tombstone: the next status does not re-import it', async () => {
    const h = home();
    h.write(
      '.claude/.credentials.json',
      claudeCreds(
        fixtureSecret.anthropicOAuthAccess(),
        Date.now() + 10 * DAY,
        fixtureSecret.anthropicOAuthRefresh(),
      ),
    );
    expect((await cli(h, ['models', 'status'])).code).toBe(0);
    expect(readStoreFile(h).profiles['anthropic:claude-cli']).toBeDefined();
    const r = await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:claude-cli']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Removed auth profile anthropic:claude-cli');
    await cli(h, ['models', 'status']);
    expect(readStoreFile(h).profiles['anthropic:claude-cli']).toBeUndefined();
  });

  test('remove of an unknown profile: exit 1 and the command to list profiles', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: Auth profile "anthropic:nope" not found.*\nRun: clawdbot models auth list/,
    );
  });

  test('cooldown clear empties usageStats cooldowns of the profile', async () => {
    const h = home();
    const now = Date.now();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:work': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      },
      usageStats: { 'anthropic:work': { cooldownUntil: now + 600_000, errorCount: 2, lastFailureAt: now } },
    });
    const r = await cli(h, ['models', 'auth', 'cooldown', 'clear', '--profile-id', 'anthropic:work']);
    expect(r.stdout).toContain('Cleared cooldowns: anthropic:work');
    expect(readStoreFile(h).usageStats?.['anthropic:work']?.cooldownUntil).toBeUndefined();
  });

  test('cooldown clear of an unknown profile exits 1 and names it (with or without usage stats)', async () => {
    const h = home();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:work': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      },
      usageStats: { 'anthropic:work': { cooldownUntil: Date.now() + 600_000 } },
    });
    const r = await cli(h, ['models', 'auth', 'cooldown', 'clear', '--profile-id', 'anthropic:typo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: Auth profile "anthropic:typo" not found.*\nRun: clawdbot models auth list/,
    );
    const empty = home();
    const e = await cli(empty, ['models', 'auth', 'cooldown', 'clear', '--profile-id', 'anthropic:typo']);
    expect(e.code).toBe(1);
  });
});

describe.concurrent('onboard, add, setup-token, login without a TTY', () => {
  test('onboard --non-interactive stores <provider>:default api keys from a flag value read on stdin ("-")', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const args = [
      'onboard',
      '--non-interactive',
      '--accept-risk',
      '--auth-choice',
      'apiKey',
      '--anthropic-api-key',
      '-',
    ];
    const r = await cli(h, args, { stdin: `${key}\n` });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("left to the gateway's own setup");
    expectStoredProfile(h, 'anthropic:default', { type: 'api_key', provider: 'anthropic', key });
  });

  test('onboard --non-interactive falls back to the provider variable; --auth-choice token stores a token', async () => {
    const h = home();
    const key = fixtureSecret.openaiApiKey();
    const base = ['onboard', '--non-interactive', '--accept-risk'];
    expect(
      (await cli(h, [...base, '--auth-choice', 'openai-api-key'], { env: { OPENAI_API_KEY: key } })).code,
    ).toBe(0);
    expect(readStoreFile(h).profiles['openai:default']?.key).toBe(key);
    const token = fixtureSecret.anthropicOAuthAccess();
    const t = await cli(
      h,
      [
        ...base,
        '--auth-choice',
        'token',
        '--token-provider',
        'anthropic',
        '--token',
        '-',
        '--token-expires-in',
        '12h',
      ],
      { stdin: token },
    );
    expect(t.code).toBe(0);
    expect(readStoreFile(h).profiles['anthropic:manual']).toMatchObject({ type: 'token', token });
  });

  test('onboard --non-interactive without --accept-risk: exit 1, nothing written', async () => {
    const h = home();
    const r = await cli(
      h,
      ['onboard', '--non-interactive', '--auth-choice', 'apiKey', '--anthropic-api-key', '-'],
      { stdin: 'x' },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: non-interactive onboarding needs --accept-risk/m);
    expect(h.listFiles()).toEqual([]);
  });

  test('add without a TTY lists the non-interactive commands and exits 1', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'add']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: models auth add needs an interactive terminal/);
    expect(r.stderr).toContain('clawdbot models auth paste-token --provider <id>');
  });

  test('setup-token without a TTY (or without claude) is a clear error with exit 1', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'setup-token', '--yes'], { env: { PATH: '/nonexistent' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /);
  });

  test('login for a provider without a method names the alternative', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'login', '--provider', 'nosuch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: no login method for provider "nosuch"\nRun: clawdbot models auth paste-token --provider nosuch/,
    );
  });

  test('a plugin registers a login method through the auth:login-methods hook (example plugin)', async () => {
    const h = home();
    h.write('.local/share/clawdbot/package.json', {
      private: true,
      oclif: {
        schema: 1,
        plugins: [{ type: 'link', name: 'clawdbot-plugin-example-login', root: EXAMPLE_PLUGIN }],
      },
    });
    const r = await cli(h, ['models', 'auth', 'login', '--provider', 'example'], { stdin: '4242\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Auth profile: example:device (example/device-code)');
    expect(readStoreFile(h).profiles['example:device']).toEqual({
      type: 'token',
      provider: 'example',
      token: 'example-token-4242',
    });
  });
});

describe.concurrent('errors and exit codes', () => {
  test.each([
    [['models', 'status', '--bogus'], /^Error: Nonexistent flag: --bogus\nUsage: clawdbot models status/],
    [['models', 'status', '--probe-timeout', 'abc'], /^Error: .*(probe-timeout|integer)/],
    [['models', 'nope'], /^Error: Unknown command: clawdbot models nope\nSee: clawdbot models --help\n$/],
  ])('%j exits 1 (never oclif 2) with a one-line error and no stack', async (args, message) => {
    const h = home();
    const r = await cli(h, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help of a command shows examples with the bin name', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'paste-token', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ clawdbot models auth paste-token --provider anthropic');
  });

  test('plugins and doctor are available', async () => {
    const h = home();
    expect((await cli(h, ['plugins'])).code).toBe(0);
    expect((await cli(h, ['doctor', '--help'])).stdout).toContain('clawdbot doctor');
  });

  test('plugins list (upstream spelling) lists the loaded plugins, doctor among them', async () => {
    const h = home();
    const r = await cli(h, ['plugins', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Plugins \(\d+\)\n/);
    expect(r.stdout).toMatch(/- @clawdbot-auth\/doctor \S+ \(core\)/);
    const j = JSON.parse((await cli(h, ['plugins', 'list', '--json'])).stdout);
    expect(j.plugins).toContainEqual(
      expect.objectContaining({ name: '@clawdbot-auth/doctor', type: 'core' }),
    );
  });
});
