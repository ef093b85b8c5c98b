import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, home, requireBuilt } from './helpers.js';

requireBuilt('main.bundle.cjs');

const storeOf = (state: string) => `${state}/agents/main/agent/auth-profiles.json`;

describe.concurrent('global options --profile, --dev, --no-color (before or after the command)', () => {
  test.each([
    ['before the command', ['--profile', 'work', 'models', 'status', '--json']],
    ['after the command', ['models', 'status', '--json', '--profile', 'work']],
    ['as --profile=work', ['models', '--profile=work', 'status', '--json']],
    ['on the oclif path', ['models', 'status', '--json', '--profile', 'work']],
  ])('%s: models status reads ~/.clawdbot-work', async (name, args) => {
    const h = home();
    const key = fixtureSecret.openaiApiKey();
    h.write(storeOf('.clawdbot-work'), {
      version: 1,
      profiles: { 'openai:work': { type: 'api_key', provider: 'openai', key } },
    });
    const env: Record<string, string> = name === 'on the oclif path' ? { CLAWDBOT_NO_FAST_PATH: '1' } : {};
    const r = await cli(h, args, { env });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { auth: { storePath: string; providers: { provider: string }[] } };
    expect(s.auth.storePath).toBe(h.path(storeOf('.clawdbot-work')));
    expect(s.auth.providers.map((p) => p.provider)).toContain('openai');
    expect(h.exists('.clawdbot')).toBe(false);
  });

  test('--dev writes under ~/.clawdbot-dev (paste-token through oclif), and --no-color anywhere is accepted', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const r = await cli(
      h,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--dev', '--no-color'],
      {
        stdin: token,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Updated ~/.clawdbot-dev/clawdbot.json');
    expect(
      h.readJson<{ profiles: Record<string, { token: string }> }>(storeOf('.clawdbot-dev')).profiles[
        'anthropic:manual'
      ]?.token,
    ).toBe(token);
    expect(h.exists('.clawdbot')).toBe(false);
    const list = await cli(h, ['--no-color', '--dev', 'models', 'auth', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('anthropic:manual');
  });

  test('an explicit CLAWDBOT_STATE_DIR wins over --profile, as upstream', async () => {
    const h = home();
    const r = await cli(h, ['--profile', 'work', 'models', 'status', '--json'], {
      env: { CLAWDBOT_STATE_DIR: h.path('state') },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).auth.storePath).toBe(h.path(storeOf('state')));
  });

  test.each([
    [['--profile', 'work', '--dev', 'models', 'status'], 'Error: Cannot combine --dev with --profile'],
    [['models', 'status', '--profile'], 'Error: --profile requires a value'],
    [
      ['--profile', '../etc', 'models', 'status'],
      'Error: Invalid --profile (use letters, numbers, "_", "-" only)',
    ],
  ])('%j: exit 1, one line, nothing written', async (args, line) => {
    const h = home();
    const r = await cli(h, args);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.stdout).toBe('');
    expect(h.listFiles()).toEqual([]);
  });

  test('arguments after -- belong to the command: models auth exec passes --profile through', async () => {
    const h = home();
    h.write(storeOf('.clawdbot'), {
      version: 1,
      profiles: {
        'openai:default': { type: 'api_key', provider: 'openai', key: fixtureSecret.openaiApiKey() },
      },
    });
    const r = await cli(h, [
      'models',
      'auth',
      'exec',
      '--provider',
      'openai',
      '--',
      'echo',
      '--profile',
      'x',
      '--dev',
    ]);
    expect(r.stdout.trim()).toBe('--profile x --dev');
  });
});
