import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, STORE } from './helpers.js';

// Issue 13: a secret typed in the wrong place was printed in full by 17 of 30 command lines.
describe('a secret typed in the wrong place is never printed', () => {
  const secrets = {
    'setup-token': () => fixtureSecret.anthropicOAuthAccess(),
    'api key': () => fixtureSecret.anthropicApiKey(),
    jwt: () =>
      `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"sub":"ada-1234567890"}').toString('base64url')}.c2lnbmF0dXJlMTIzNDU2Nzg5MA`,
    opaque: () => 'q7Vx2Lm9Tz4Rb8Nw1Kc6Hd3Jf5Gs0Pa',
  };
  const lines: [string, (s: string) => string[]][] = [
    ['paste-token <secret>', (s) => ['models', 'auth', 'paste-token', '--provider', 'anthropic', s]],
    ['remove --profile-id <secret>', (s) => ['models', 'auth', 'remove', '--profile-id', s]],
    ['status --agent=<secret>', (s) => ['models', 'status', `--agent=${s}`]],
    ['order set <secret>', (s) => ['models', 'auth', 'order', 'set', '--provider', 'anthropic', s]],
    ['an unknown command', (s) => ['models', s]],
  ];

  for (const [kind, make] of Object.entries(secrets)) {
    test.each(lines)(`${kind}: %s, text and --json`, async (_name, argv) => {
      const h = home();
      const secret = make();
      const text = await cli(h, argv(secret), { secrets: [secret] });
      const json = await cli(h, [...argv(secret), '--json'], { secrets: [secret] });
      expect(text.stdout + text.stderr).not.toContain(secret.slice(-12));
      expect(json.stdout + json.stderr).not.toContain(secret.slice(-12));
    });
  }

  test('paste-token sk-ant-…: "Unexpected argument" names the redacted form, exit 1, nothing written', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const r = await cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic', token], {
      secrets: [token],
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unexpected argument.*sk-ant-oat01…#[0-9a-f]{8}/);
    expect(h.exists(STORE)).toBe(false);
  });

  test('--profile-id <secret> is refused before anything is written', async () => {
    const h = home();
    const [key, token] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicOAuthAccess()];
    const r = await cli(
      h,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', key],
      {
        stdin: `${token}\n`,
        secrets: [key, token],
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--profile-id looks like a secret');
    expect(h.exists(STORE)).toBe(false);
    expect(h.exists(CONFIG)).toBe(false);
  });

  test('ordinary long arguments (paths, profile ids) are left alone', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:work-laptop-2024']);
    expect(r.stderr + r.stdout).toContain('anthropic:work-laptop-2024');
  });
});
