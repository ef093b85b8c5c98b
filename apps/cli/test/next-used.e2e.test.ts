/**
 * Issue 12: status says which credential a request uses, `order get` counts environment keys,
 * one recovery for one problem, and every way in registers store + config alike.
 */
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, claudeCreds, cli, DAY, home, readConfigFile, STORE } from './helpers.js';

const now = Date.now();

describe.concurrent('which credential the next request uses', () => {
  test('a pasted token routed in config and a Claude Code login: status marks the one used and says why the other is not', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const cc = fixtureSecret.anthropicOAuthAccess();
    const ccRefresh = fixtureSecret.anthropicOAuthRefresh();
    expect(
      (await cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic'], { stdin: token })).code,
    ).toBe(0);
    h.write('.claude/.credentials.json', claudeCreds(cc, now + 10 * DAY, ccRefresh));
    const text = await cli(h, ['models', 'status']);
    expect(text.stdout).toContain('- anthropic next: anthropic:manual (store)');
    expect(text.stdout).toContain(
      '  - anthropic:claude-cli not used: excluded_by_auth_order (the order lists only anthropic:manual)  run: clawdbot models auth order set --provider anthropic anthropic:claude-cli anthropic:manual',
    );
    const doc = JSON.parse((await cli(h, ['models', 'status', '--json'])).stdout);
    const anthropic = doc.auth.providers.find((p: { provider: string }) => p.provider === 'anthropic');
    expect(anthropic.nextUsed).toBe('anthropic:manual');
    const cli2 = doc.auth.oauth.profiles.find(
      (p: { profileId: string }) => p.profileId === 'anthropic:claude-cli',
    );
    expect(cli2).toMatchObject({ eligible: false, reasonCode: 'excluded_by_auth_order' });
    const order = await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic']);
    expect(order.stdout).toContain('Effective order: anthropic:manual (from config auth.profiles)');
  });

  test('--check judges what requests use: an expired login the order leaves out does not fail it', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    expect(
      (await cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic'], { stdin: token })).code,
    ).toBe(0);
    h.write('.claude/.credentials.json', claudeCreds(fixtureSecret.anthropicOAuthAccess(), now - DAY));
    const r = await cli(h, ['models', 'status', '--check']);
    expect(r.stdout).toContain('anthropic:claude-cli not used: excluded_by_auth_order');
    expect(r.code).toBe(0);
    // The oclif path (no fast path) judges the same.
    const slow = await cli(h, ['models', 'status', '--check'], { env: { CLAWDBOT_NO_FAST_PATH: '1' } });
    expect(slow.code).toBe(0);
  });

  test('order get with only ANTHROPIC_API_KEY set lists the key, as status does', async () => {
    const h = home();
    const env = { ANTHROPIC_API_KEY: fixtureSecret.anthropicApiKey() };
    const r = await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic'], { env });
    expect(r.stdout).toContain('Effective order: ANTHROPIC_API_KEY (from environment ANTHROPIC_API_KEY)');
    const j = JSON.parse(
      (await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic', '--json'], { env })).stdout,
    );
    expect(j.effective.ids).toEqual(['ANTHROPIC_API_KEY']);
    const s = JSON.parse((await cli(h, ['models', 'status', '--json'], { env })).stdout);
    expect(s.auth.providers.find((p: { provider: string }) => p.provider === 'anthropic').nextUsed).toBe(
      'ANTHROPIC_API_KEY',
    );
  });
});

describe.concurrent('one recovery for one problem', () => {
  test('a dead anthropic:claude-cli login: status, refresh and doctor name the same command', async () => {
    const { startFakeOAuthServer } = await import('@clawdbot-auth/testkit');
    const server = await startFakeOAuthServer();
    try {
      server.set({ mode: 'invalid_grant' });
      const h = home();
      const access = fixtureSecret.anthropicOAuthAccess();
      const refresh = fixtureSecret.anthropicOAuthRefresh();
      h.write(STORE, {
        version: 1,
        profiles: {
          'anthropic:claude-cli': {
            type: 'oauth',
            provider: 'anthropic',
            access,
            refresh,
            expires: now - DAY,
          },
        },
      });
      const env = { ...server.env };
      const fix = 'clawdbot models auth setup-token --provider anthropic';
      const refreshed = await cli(h, ['models', 'auth', 'refresh', '--profile-id', 'anthropic:claude-cli'], {
        env,
      });
      expect(refreshed.stdout + refreshed.stderr).toContain(fix);
      const status = await cli(h, ['models', 'status'], { env });
      expect(status.stdout).toContain(`refresh token revoked: run ${fix}`);
      const doctor = await cli(h, ['doctor', '--non-interactive', '--json'], { env });
      const findings = JSON.parse(doctor.stdout).findings as { id: string; fix?: string }[];
      expect(findings.find((f) => f.id === 'credentials.dead')?.fix).toBe(fix);
    } finally {
      await server.close();
    }
  });
});

describe.concurrent('every way in registers store and config alike', () => {
  test('remove drops the store entry and config routing; paste-token routes in config', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    await cli(
      h,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:work'],
      {
        stdin: token,
      },
    );
    expect(readConfigFile(h).auth.profiles['anthropic:work']).toEqual({
      provider: 'anthropic',
      mode: 'token',
    });
    expect((await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:work'])).code).toBe(0);
    expect(readConfigFile(h).auth.profiles['anthropic:work']).toBeUndefined();
    expect(
      h.readJson<{ profiles: Record<string, unknown> }>(STORE).profiles['anthropic:work'],
    ).toBeUndefined();
    expect(h.exists(CONFIG)).toBe(true);
  });
});
