/** `models auth logout` / `remove` with positional ids, config pruning, and the terminal confirmation. */
import fs from 'node:fs';
import path from 'node:path';
import { CTRL_C, fixtureSecret, type TempHome } from '@clawdbot-auth/testkit';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, onTerminal, readStoreFile, STORE } from './helpers.js';

const listSchema = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'schemas', 'models-auth-list.schema.json'), 'utf8'),
);
const validateList = new Ajv({ allErrors: true }).compile(listSchema);

/** Two anthropic profiles and one openai, named in config auth.profiles/auth.order and the stored order. */
function twoLogins(): { h: TempHome; secrets: string[] } {
  const h = home();
  const work = fixtureSecret.anthropicApiKey();
  const personal = fixtureSecret.anthropicOAuthAccess();
  const openai = fixtureSecret.openaiApiKey();
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key: work },
      'anthropic:personal': { type: 'token', provider: 'anthropic', token: personal },
      'openai:manual': { type: 'api_key', provider: 'openai', key: openai },
    },
    order: { anthropic: ['anthropic:work', 'anthropic:personal'], openai: ['openai:manual'] },
  });
  h.write(CONFIG, {
    auth: {
      profiles: {
        'anthropic:work': { provider: 'anthropic', mode: 'api_key' },
        'anthropic:personal': { provider: 'anthropic', mode: 'token' },
        'openai:manual': { provider: 'openai', mode: 'api_key' },
      },
      order: { anthropic: ['anthropic:work', 'anthropic:personal'], openai: ['openai:manual'] },
    },
  });
  return { h, secrets: [work, personal, openai] };
}

type Config = { auth: { profiles: Record<string, unknown>; order?: Record<string, string[]> } };

describe.concurrent('models auth logout', () => {
  test('logout <id> --yes: gone from the store, its stored order, config auth.profiles and auth.order', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'logout', 'anthropic:work', '--yes'], { secrets });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Removed auth profile anthropic:work\n');
    const store = readStoreFile(h);
    expect(Object.keys(store.profiles).sort()).toEqual(['anthropic:personal', 'openai:manual']);
    expect(store.order).toEqual({ anthropic: ['anthropic:personal'], openai: ['openai:manual'] });
    const config = h.readJson<Config>(CONFIG);
    expect(Object.keys(config.auth.profiles).sort()).toEqual(['anthropic:personal', 'openai:manual']);
    expect(config.auth.order).toEqual({ anthropic: ['anthropic:personal'], openai: ['openai:manual'] });
  });

  test('an order list left empty is deleted, not kept as [] (which would select no profile)', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'logout', 'openai:manual', '--yes', '--json'], { secrets });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      profileId: 'openai:manual',
      removed: true,
      tombstone: false,
      configUpdated: true,
    });
    expect(h.readJson<Config>(CONFIG).auth.order).toEqual({
      anthropic: ['anthropic:work', 'anthropic:personal'],
    });
    expect(readStoreFile(h).order).toEqual({ anthropic: ['anthropic:work', 'anthropic:personal'] });
  });

  test('without a terminal and without --yes: usage error naming --yes, exit 1, nothing changed', async () => {
    const { h, secrets } = twoLogins();
    const before = [h.read(STORE), h.read(CONFIG)];
    const r = await cli(h, ['models', 'auth', 'logout', 'anthropic:work'], { secrets });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: confirmation needed, but stdin is not a terminal: pass --yes to confirm\nRun: clawdbot models auth logout anthropic:work --yes\n',
    );
    expect([h.read(STORE), h.read(CONFIG)]).toEqual(before);
  });

  test('an unknown profile: exit 1 naming the id as typed, before any question', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'logout', 'anthropic:Nope'], { secrets });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: Auth profile "anthropic:Nope" not found in ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json\.\nRun: clawdbot models auth list\n$/,
    );
  });

  test('without a profile id: usage error with the usage line', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'logout']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'Error: Missing required argument <profileId>',
      'Usage: clawdbot models auth logout <profileId> [--agent <id>] [--yes]',
    ]);
  });
});

describe('models auth logout on a terminal', () => {
  test('asks first: "y" removes the profile', async () => {
    const { h } = twoLogins();
    const t = onTerminal(h, ['models', 'auth', 'logout', 'anthropic:work']);
    await t.waitFor('Remove auth profile anthropic:work of agent main?');
    t.type('y\r');
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('Removed auth profile anthropic:work');
    expect(readStoreFile(h).profiles['anthropic:work']).toBeUndefined();
  });

  test('Enter (default no) keeps everything; exit 0', async () => {
    const { h } = twoLogins();
    const before = [h.read(STORE), h.read(CONFIG)];
    const t = onTerminal(h, ['models', 'auth', 'logout', 'anthropic:work']);
    await t.waitFor('Remove auth profile anthropic:work');
    t.type('\r');
    expect(await t.exited).toBe(0);
    expect(t.shown()).toContain('Kept auth profile anthropic:work.');
    expect([h.read(STORE), h.read(CONFIG)]).toEqual(before);
  });

  test('Ctrl-C at the question: exit 130, no error text, nothing changed', async () => {
    const { h } = twoLogins();
    const before = [h.read(STORE), h.read(CONFIG)];
    const t = onTerminal(h, ['models', 'auth', 'logout', 'anthropic:work']);
    await t.waitFor('Remove auth profile anthropic:work');
    t.type(CTRL_C);
    expect(await t.exited).toBe(130);
    expect(t.shown()).not.toMatch(/Error|bug/);
    expect([h.read(STORE), h.read(CONFIG)]).toEqual(before);
  });
});

describe.concurrent('positional profile ids', () => {
  test('remove <id> works; --profile-id still does; two different ids are refused', async () => {
    const { h, secrets } = twoLogins();
    expect((await cli(h, ['models', 'auth', 'remove', 'anthropic:work'], { secrets })).stdout).toBe(
      'Removed auth profile anthropic:work\n',
    );
    expect(
      (await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:personal'], { secrets })).code,
    ).toBe(0);
    const both = await cli(h, ['models', 'auth', 'remove', 'openai:manual', '--profile-id', 'openai:other']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(
      'two different profile ids given: "openai:manual" and --profile-id "openai:other"',
    );
    expect(Object.keys(readStoreFile(h).profiles)).toEqual(['openai:manual']);
    expect(Object.keys(h.readJson<Config>(CONFIG).auth.profiles)).toEqual(['openai:manual']);
  });

  test('cooldown clear <id> clears that profile only', async () => {
    const { h, secrets } = twoLogins();
    const until = Date.now() + 600_000;
    const store = h.readJson<Record<string, unknown>>(STORE);
    h.write(STORE, {
      ...store,
      usageStats: { 'anthropic:work': { cooldownUntil: until }, 'openai:manual': { cooldownUntil: until } },
    });
    const r = await cli(h, ['models', 'auth', 'cooldown', 'clear', 'anthropic:work'], { secrets });
    expect(r.stdout).toBe('Cleared cooldowns: anthropic:work\n');
    const stats = readStoreFile(h).usageStats ?? {};
    expect(stats['anthropic:work']?.cooldownUntil).toBeUndefined();
    expect(stats['openai:manual']?.cooldownUntil).toBe(until);
  });

  test('refresh <id> of a profile that is not there names it as typed', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'refresh', 'anthropic:claude-cli', '--json'], { secrets });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('anthropic:claude-cli');
  });

  test('an extra argument is named exactly as typed (the colon stays a colon)', async () => {
    const h = home();
    const r = await cli(h, ['models', 'status', 'anthropic:claude-cli']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'Error: Unexpected argument "anthropic:claude-cli" for clawdbot models status',
    );
  });
});

describe.concurrent('models auth list --provider', () => {
  test('lists only that provider; the --json document matches its schema', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'list', '--provider', 'Anthropic'], { secrets });
    expect(r.stdout).toContain('- anthropic:personal token store static');
    expect(r.stdout).toContain('- anthropic:work api_key store static');
    expect(r.stdout).not.toContain('openai:manual');
    const j = await cli(h, ['models', 'auth', 'list', '--provider', 'openai', '--json'], { secrets });
    const doc = JSON.parse(j.stdout);
    expect(validateList(doc), JSON.stringify(validateList.errors)).toBe(true);
    expect(doc.provider).toBe('openai');
    expect(doc.profiles.map((p: { profileId: string }) => p.profileId)).toEqual(['openai:manual']);
    const all = JSON.parse((await cli(h, ['models', 'auth', 'list', '--json'], { secrets })).stdout);
    expect(validateList(all), JSON.stringify(validateList.errors)).toBe(true);
    expect(all.profiles).toHaveLength(3);
  });

  test('a provider with no profile says what to run', async () => {
    const { h, secrets } = twoLogins();
    const r = await cli(h, ['models', 'auth', 'list', '--provider', 'openrouter'], { secrets });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'No auth profiles of openrouter. Run: clawdbot models auth login --provider openrouter',
    );
  });
});
