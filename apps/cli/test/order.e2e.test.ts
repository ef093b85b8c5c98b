import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, home, readStoreFile, STORE } from './helpers.js';

function seed() {
  const h = home();
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      'openai:default': { type: 'api_key', provider: 'openai', key: fixtureSecret.openaiApiKey() },
    },
  });
  return h;
}

describe.concurrent('models auth order', () => {
  test('get on an empty HOME: (none), JSON order null, nothing written', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic']);
    expect(r.stdout).toMatch(
      /^Agent: main\nProvider: anthropic\nAuth file: ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json\nOrder override: \(none\)\n/,
    );
    const j = JSON.parse(
      (await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic', '--json'])).stdout,
    );
    expect(j).toMatchObject({
      agentId: 'main',
      provider: 'anthropic',
      authStorePath: '~/.clawdbot/agents/main/agent/auth-profiles.json',
      order: null,
    });
    expect(h.listFiles()).toEqual([]);
  });

  test('set normalizes the provider, drops duplicates; get shows it and the effective order; clear removes it', async () => {
    const h = seed();
    const set = await cli(h, [
      'models',
      'auth',
      'order',
      'set',
      '--provider',
      'Anthropic',
      'anthropic:work',
      'anthropic:work',
      'anthropic:default',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      'Agent: main\nProvider: anthropic\nOrder override: anthropic:work, anthropic:default\n',
    );
    expect(readStoreFile(h).order).toEqual({ anthropic: ['anthropic:work', 'anthropic:default'] });
    const get = await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic']);
    expect(get.stdout).toContain(
      'Effective order: anthropic:work, anthropic:default (from the per-agent override)\n',
    );
    const clear = await cli(h, ['models', 'auth', 'order', 'clear', '--provider', 'anthropic']);
    expect(clear.stdout).toContain('Cleared per-agent order override.');
    expect(readStoreFile(h).order?.anthropic).toBeUndefined();
  });

  test.each([
    [
      'an unknown id',
      'anthropic:nope',
      /Error: Auth profile "anthropic:nope" not found in .*agents\/main\/agent/,
    ],
    [
      'an id of another provider',
      'openai:default',
      /Error: Auth profile "openai:default" is for openai, not anthropic/,
    ],
  ])('set rejects %s: exit 1, store unchanged', async (_n, id, message) => {
    const h = seed();
    const before = h.read(STORE);
    const r = await cli(h, [
      'models',
      'auth',
      'order',
      'set',
      '--provider',
      'anthropic',
      'anthropic:work',
      id,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(h.read(STORE)).toBe(before);
  });

  test('another agent reads through to main: get shows no override and writes nothing', async () => {
    const h = seed();
    const r = await cli(h, ['models', 'auth', 'order', 'get', '--provider', 'anthropic', '--agent', 'Work']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Agent: work\nProvider: anthropic\nAuth file: ~\/\.clawdbot\/agents\/work\/agent\/auth-profiles\.json\nOrder override: \(none\)\n/,
    );
    expect(h.exists('.clawdbot/agents/work')).toBe(false);
  });

  test('set with --json failing: stdout is one JSON error document', async () => {
    const h = seed();
    const r = await cli(h, [
      'models',
      'auth',
      'order',
      'set',
      '--provider',
      'anthropic',
      'anthropic:nope',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  test('set without profile ids is a usage error with exit 1', async () => {
    const h = seed();
    const r = await cli(h, ['models', 'auth', 'order', 'set', '--provider', 'anthropic']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: Missing required argument <profileIds>\n/);
  });
});
