/** Interactive paths on a real pseudo-terminal (util-linux `script`). */
import { spawn } from 'node:child_process';
import { CLI_BIN, fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { home, readStoreFile } from './helpers.js';

function onTerminal(h: ReturnType<typeof home>, args: string[], extraEnv: Record<string, string> = {}) {
  const cmd = [process.execPath, CLI_BIN, ...args].map((a) => JSON.stringify(a)).join(' ');
  const p = spawn('script', ['-qfec', cmd, '/dev/null'], {
    env: { ...h.env, TERM: 'dumb', ...extraEnv },
    cwd: h.home,
  });
  let out = '';
  p.stdout.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => p.on('close', resolve));
  const waitFor = async (text: string) => {
    for (let i = 0; i < 400 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out, `waiting for ${text}`).toContain(text);
  };
  return { p, exited, waitFor, out: () => out };
}

describe('on a terminal', () => {
  test('paste-token asks with a hidden prompt: the token is stored and never echoed', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const t = onTerminal(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic']);
    await t.waitFor('Paste token for anthropic');
    t.p.stdin.write(`${token}\r`);
    expect(await t.exited).toBe(0);
    expect(t.out()).toContain('Auth profile: anthropic:manual (anthropic/token)');
    expect(t.out()).not.toContain(token.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:manual']).toMatchObject({ type: 'token', token });
  });

  test('models auth add: provider, then method, then a hidden key; stored as <provider>:default', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const t = onTerminal(h, ['models', 'auth', 'add']);
    await t.waitFor('Provider');
    t.p.stdin.write('\r');
    await t.waitFor('Method');
    t.p.stdin.write('\r');
    await t.waitFor('Paste the API key for anthropic');
    t.p.stdin.write(`${key}\r`);
    expect(await t.exited).toBe(0);
    expect(t.out()).not.toContain(key.slice(-12));
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
    expect(t.out()).toContain('anthropic:claude-cli ok expires in 300d (claude-cli)');
    expect(t.out()).not.toContain(token.slice(-12));
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
