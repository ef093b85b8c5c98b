import { fixtureSecret, modelStep, startFakeModelServer, type TempHome } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/auth/paste-token.js');

/** Every CLI run here gets its own private D-Bus session with an unlocked gnome-keyring. */
const inKeyring = (h: TempHome, args: string[], opts: Parameters<typeof cli>[2] = {}) =>
  cli(h, args, { ...opts, keyring: true });

describe.concurrent('secrets in the OS keyring (real Secret Service)', () => {
  test('paste-token --storage keyring: the store keeps metadata and fingerprint, no bytes; agent reads the keyring', async ({
    onTestFinished,
  }) => {
    // the test's own hook: in a concurrent describe the global one may close the server when
    // another test finishes first
    const token = fixtureSecret.anthropicOAuthAccess();
    const server = await startFakeModelServer({ script: () => modelStep.reply('from keyring') });
    onTestFinished(() => server.close());
    const h = home();
    const saved = await inKeyring(
      h,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring', '--json'],
      { stdin: token, secrets: [token] },
    );
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ profileId: 'anthropic:manual', storage: 'keyring' });
    const file = h.read(STORE);
    expect(file).not.toContain(token.slice(-12));
    expect(JSON.parse(file).profiles['anthropic:manual']).toMatchObject({
      type: 'token',
      provider: 'anthropic',
      clawdbot: { keyring: { service: 'clawdbot-auth', account: 'main/anthropic:manual' } },
    });

    // status shows where it lives without a keyring session (it never opens the keyring)
    const status = await cli(h, ['models', 'status', '--json'], { secrets: [token] });
    const anthropic = JSON.parse(status.stdout).auth.providers.find(
      (p: { provider: string }) => p.provider === 'anthropic',
    );
    expect(anthropic.profiles.locations).toEqual({ 'anthropic:manual': 'keyring' });
    expect(anthropic.profiles.labels[0]).toMatch(/^anthropic:manual=token:keyring #[0-9a-f]{8}$/);

    const turn = await inKeyring(h, ['agent', '--message', 'hi'], {
      env: { ANTHROPIC_BASE_URL: server.url },
      secrets: [token],
    });
    expect({ code: turn.code, stdout: turn.stdout }).toEqual({ code: 0, stdout: 'from keyring\n' });
    expect(server.requests.map((r) => r.credential)).toEqual([token]);
  });

  test('config auth.secrets.storage keyring applies without the flag', async () => {
    const key = fixtureSecret.openaiApiKey();
    const h = home();
    h.write(CONFIG, { auth: { secrets: { storage: 'keyring' } } });
    const r = await inKeyring(h, ['models', 'auth', 'paste-token', '--provider', 'openai', '--json'], {
      stdin: key,
      secrets: [key],
    });
    expect(r.code).toBe(0);
    expect(h.read(STORE)).not.toContain(key.slice(-12));
  });

  test('no keyring reachable: exit 1 naming the cause and --insecure-storage, nothing written; the flag writes the file and says so', async () => {
    const token = fixtureSecret.anthropicOAuthAccess();
    const h = home();
    const args = ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring'];
    // no D-Bus session: no Secret Service
    const refused = await cli(h, args, { stdin: token, secrets: [token] });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot use the OS keyring');
    expect(refused.stderr).toContain('--insecure-storage');
    expect(h.exists(STORE)).toBe(false);

    const fallback = await cli(h, [...args, '--insecure-storage'], { stdin: token, secrets: [token] });
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toMatch(/keyring unavailable.*stored in .*auth-profiles\.json \(0600\)/);
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:manual'].token).toBe(token);
  });
});
