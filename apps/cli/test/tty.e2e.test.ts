/** Interactive paths on a real pseudo-terminal (util-linux `script`). */
import { CTRL_C, fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, DAY, HOUR, home, onTerminal, readStoreFile, STORE } from './helpers.js';

describe('on a terminal', () => {
  test('paste-token asks with a hidden prompt: the token is stored and never echoed', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const t = onTerminal(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic']);
    await t.waitFor('Paste token for anthropic');
    t.type(`${token}\r`);
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('Auth profile: anthropic:manual (anthropic/token)');
    expect(t.shown()).not.toContain(token.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:manual']).toMatchObject({ type: 'token', token });
  });

  test('models auth add: provider, then method, then a hidden key; stored as <provider>:default', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const t = onTerminal(h, ['models', 'auth', 'add']);
    await t.waitFor('Provider');
    t.type('\r');
    await t.waitFor('Method');
    t.type('\r');
    await t.waitFor('Paste the API key for anthropic');
    t.type(`${key}\r`);
    expect(await t.exited).toBe(0);
    expect(t.shown()).not.toContain(key.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:default']).toEqual({
      type: 'api_key',
      provider: 'anthropic',
      key,
    });
  });

  test('setup-token runs `claude setup-token` on the terminal, imports anthropic:claude-cli and prints its status', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const expiresAt = Date.now() + 300 * 86_400_000;
    const creds = JSON.stringify({
      claudeAiOauth: { accessToken: token, expiresAt, scopes: ['user:inference'] },
    });
    // A fake Claude Code: `claude setup-token` leaves a token-only credentials file.
    h.write(
      'bin/claude',
      `#!/bin/sh\n[ "$1" = setup-token ] || exit 3\nmkdir -p "$HOME/.claude"\nprintf '%s' '${creds}' > "$HOME/.claude/.credentials.json"\n`,
      0o755,
    );
    const t = onTerminal(h, ['models', 'auth', 'setup-token', '--yes'], {
      PATH: `${h.path('bin')}:${h.env.PATH}`,
    });
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('anthropic:claude-cli ok expires in 300d (claude-cli)');
    expect(t.shown()).not.toContain(token.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:claude-cli']).toMatchObject({ type: 'token', token });
    expect(
      h.readJson<{ auth: { profiles: Record<string, unknown> } }>('.clawdbot/clawdbot.json').auth.profiles[
        'anthropic:claude-cli'
      ],
    ).toEqual({
      provider: 'anthropic',
      mode: 'oauth',
    });
  });
});

describe('onboard --auth-choice on a terminal', () => {
  test('a key choice without the key asks for it with a hidden prompt (zai-api-key -> zai:default)', async () => {
    const h = home();
    const key = fixtureSecret.opaque();
    const t = onTerminal(h, ['onboard', '--auth-choice', 'zai-api-key', '--skip-daemon']);
    // first where secrets go (default no: the store file), saved for later commands
    await t.waitFor('Keep secrets in the OS keyring instead of auth-profiles.json?');
    t.type('\r');
    await t.waitFor('Paste the Z.AI API key');
    t.type(`${key}\r`);
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('Auth profile: zai:default (zai/api_key)');
    expect(t.shown()).toContain("--skip-daemon: left to the gateway's own setup");
    expect(t.shown()).not.toContain(key.slice(-12));
    expect(readStoreFile(h).profiles['zai:default']).toEqual({ type: 'api_key', provider: 'zai', key });
    expect(h.readJson<{ auth: { secrets: unknown } }>(CONFIG).auth.secrets).toEqual({ storage: 'file' });
    expect(t.shown()).toContain('New secrets go to the store file (0600) (config auth.secrets.storage).');
  });

  test('--auth-choice setup-token runs `claude setup-token` and uses its token as anthropic:claude-cli', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const creds = JSON.stringify({
      claudeAiOauth: {
        accessToken: token,
        expiresAt: Date.now() + 300 * 86_400_000,
        scopes: ['user:inference'],
      },
    });
    h.write(
      'bin/claude',
      `#!/bin/sh\n[ "$1" = setup-token ] || exit 3\nmkdir -p "$HOME/.claude"\nprintf '%s' '${creds}' > "$HOME/.claude/.credentials.json"\n`,
      0o755,
    );
    const t = onTerminal(h, ['onboard', '--auth-choice', 'setup-token'], {
      PATH: `${h.path('bin')}:${h.env.PATH}`,
    });
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('Auth profile: anthropic:claude-cli');
    expect(t.shown()).not.toContain(token.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:claude-cli']).toMatchObject({ type: 'token', token });
  });
});

describe('models status colour on a terminal', () => {
  const GREEN = '\x1b[32m';
  const YELLOW = '\x1b[33m';
  const RED = '\x1b[31m';
  const withTokens = () => {
    const h = home();
    const now = Date.now();
    const token = (expires: number) => ({
      type: 'token',
      provider: 'anthropic',
      token: fixtureSecret.anthropicOAuthAccess(),
      expires,
    });
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:fresh': token(now + 10 * DAY),
        'anthropic:soon': token(now + 2 * HOUR),
        'anthropic:old': token(now - HOUR),
      },
    });
    return h;
  };

  test.each([
    ['fast path', {}],
    ['oclif', { CLAWDBOT_NO_FAST_PATH: '1' }],
  ])('ok is green, expiring yellow, expired red (%s)', async (_name, env) => {
    const h = withTokens();
    const t = onTerminal(h, ['models', 'status'], { NO_COLOR: '', ...env });
    expect(await t.exited).toBe(0);
    const shown = t.shown();
    expect(shown).toContain(`anthropic:fresh ${GREEN}ok\x1b[39m expires in 10d`);
    expect(shown).toContain(`anthropic:soon ${YELLOW}expiring\x1b[39m expires in`);
    expect(shown).toContain(`anthropic:old ${RED}expired\x1b[39m expires in 0m`);
  });

  test.each([
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], { NO_COLOR: '' }],
    ['--no-color before the command', ['--no-color'], { NO_COLOR: '', CLAWDBOT_NO_FAST_PATH: '1' }],
  ])('no colour with %s', async (name, extra, env) => {
    const h = withTokens();
    const args = name.includes('before') ? [...extra, 'models', 'status'] : ['models', 'status', ...extra];
    const t = onTerminal(h, args, env);
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('anthropic:old expired expires in 0m');
    expect(t.shown()).not.toContain('\x1b[3');
  });

  test('no colour when stdout is not a terminal', async () => {
    const h = withTokens();
    const r = await cli(h, ['models', 'status'], { env: { NO_COLOR: '' } });
    expect(r.stdout).toContain('anthropic:fresh ok expires in 10d');
    expect(r.stdout).not.toContain('\x1b[');
  });
});

describe('Ctrl-C at a prompt ends quietly: exit 130, no error text, no file written', () => {
  test.each([
    [
      'paste-token',
      ['models', 'auth', 'paste-token', '--provider', 'anthropic'],
      'Paste token for anthropic',
    ],
    ['add', ['models', 'auth', 'add'], 'Provider'],
    ['onboard (its first question: where secrets go)', ['onboard'], 'Keep secrets in the OS keyring'],
    ['login (code prompt)', ['models', 'auth', 'login', '--provider', 'anthropic'], 'code#state'],
  ])('%s', async (_name, args, prompt) => {
    const h = home();
    const t = onTerminal(h, args);
    await t.waitFor(prompt);
    t.type(CTRL_C);
    expect(await t.exited).toBe(130);
    expect(t.shown()).not.toMatch(/Error|bug|cancelled/i);
    expect(h.listFiles()).toEqual([]);
  });
});
