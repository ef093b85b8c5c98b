import { fixtureSecret, leakedSecrets, modelStep, startFakeModelServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, home, pasteTokenArgs, STORE } from './helpers.js';

// Issue 13 (low): what a server, a file or a typed argument hands us is printed safely.
const jwt = (claims: object) =>
  ['{"alg":"none"}', JSON.stringify(claims), 'sig']
    .map((p) => Buffer.from(p).toString('base64url'))
    .join('.');

describe.concurrent('hostile input is printed safely', () => {
  test('a Codex login whose JWT exp overflows a date: status and list keep working', async () => {
    const h = home();
    h.write('.codex/auth.json', {
      tokens: {
        access_token: jwt({ exp: 1e300, sub: 'x' }),
        refresh_token: fixtureSecret.opaque(),
        id_token: jwt({ email: 'me@example.com' }),
      },
    });
    const status = await cli(h, ['models', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('openai-codex:codex-cli');
    const list = await cli(h, ['models', 'auth', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const doc = JSON.parse(list.stdout) as { profiles: { profileId: string; expiresAt?: number }[] };
    const codex = doc.profiles.find((p) => p.profileId === 'openai-codex:codex-cli');
    expect(codex?.expiresAt).toBeLessThan(8.64e15);
  });

  test('a stored profile id with an escape sequence is shown escaped, never sent to the terminal', async () => {
    const h = home();
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:x\u001b[2J\u001b]0;owned\u0007': {
          type: 'api_key',
          provider: 'anthropic',
          key: fixtureSecret.anthropicApiKey(),
        },
      },
    });
    for (const args of [
      ['models', 'status'],
      ['models', 'auth', 'list'],
    ]) {
      const r = await cli(h, args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(/\u001b\[2J|\u001b\]0;|\u0007/);
      expect(r.stdout).toContain('anthropic:x\\x1b[2J\\x1b]0;owned\\x07');
    }
  });

  test('--profile-id with a line break or a control character is a usage error before anything is written', async () => {
    const h = home();
    const r = await cli(h, pasteTokenArgs('anthropic', '--profile-id', 'anthropic:a\nError: forged'), {
      stdin: fixtureSecret.anthropicOAuthAccess(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Invalid profile id /);
    expect(r.stderr).not.toMatch(/^Error: forged/m);
    expect(h.listFiles()).toEqual([]);
  });

  test('paste-token whose config cannot be written fails and leaves the store as it was', async () => {
    const h = home();
    const old = fixtureSecret.anthropicOAuthAccess();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:manual': { type: 'token', provider: 'anthropic', token: old } },
    });
    const before = h.read(STORE);
    // /proc takes no new file from anyone, root included: the config's lock cannot be made.
    const env = { CLAWDBOT_CONFIG_PATH: '/proc/clawdbot.json' };
    for (const id of ['anthropic:manual', 'anthropic:other']) {
      const r = await cli(
        h,
        ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', id],
        {
          stdin: fixtureSecret.anthropicOAuthAccess(),
          env,
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('/proc/clawdbot.json');
    }
    expect(h.read(STORE)).toBe(before);
  });

  test('a provider error echoing pieces of other stored keys (not the one sent) shows none of them', async ({
    onTestFinished,
  }) => {
    const h = home();
    const [sent, other, inEnv] = [
      fixtureSecret.anthropicApiKey(),
      fixtureSecret.openaiApiKey(),
      fixtureSecret.opaque(),
    ];
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:a': { type: 'api_key', provider: 'anthropic', key: sent },
        'openai:work': { type: 'api_key', provider: 'openai', key: other },
      },
    });
    h.write('.clawdbot/.env', `GROQ_API_KEY=${inEnv}\n`);
    // 12-character middles: too short for a pattern, only a scrub of every known secret finds them
    const echo = `key ${other.slice(12, 24)} does not match ${inEnv.slice(8, 20)} or ${sent.slice(20, 32)}`;
    const server = await startFakeModelServer({
      script: () =>
        modelStep.status(401, { type: 'error', error: { type: 'authentication_error', message: echo } }),
    });
    // the test's own hook: in a concurrent describe the global one may run when another test ends
    onTestFinished(() => server.close());
    const env = { ANTHROPIC_BASE_URL: server.url, OPENAI_BASE_URL: server.openaiBaseUrl };
    const agent = await cli(h, ['agent', '--message', 'hi'], { env });
    expect(agent.code).not.toBe(0);
    expect(agent.stdout + agent.stderr).toContain('does not match');
    const probe = await cli(h, ['models', 'status', '--probe', '--json'], { env });
    expect(probe.stdout).toContain('does not match');
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    // nothing written beside the store and the .env holds a piece of them either (journal, sessions)
    const kept = h
      .listFiles()
      .filter((f) => !f.endsWith('auth-profiles.json') && !f.endsWith('.clawdbot/.env'))
      .map((f) => h.read(f))
      .join('\n');
    expect(kept).toContain('anthropic:a');
    expect(leakedSecrets(kept, [sent, other, inEnv])).toEqual([]);
  });
});
