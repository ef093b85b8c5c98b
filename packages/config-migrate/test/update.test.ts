// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} config text is what these tests are about
import { readdirSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { backupPaths, loadConfig, updateConfig } from '../src/index.js';
import { CONFIG, setup } from './helpers.js';

const set = (key: string, value: unknown) => (raw: Record<string, unknown>) => {
  raw[key] = value;
};

describe('updateConfig', () => {
  test('creates the file (and dirs) when missing, as 2-space JSON', async () => {
    const { ctx, home } = setup();
    const loaded = await updateConfig(ctx, set('auth', { order: { anthropic: ['anthropic:work'] } }));
    expect(home.read(CONFIG)).toBe(
      '{\n  "auth": {\n    "order": {\n      "anthropic": [\n        "anthropic:work"\n      ]\n    }\n  }\n}\n',
    );
    expect(loaded).toMatchObject({
      exists: true,
      config: { auth: { order: { anthropic: ['anthropic:work'] } } },
    });
    expect(home.exists(`${CONFIG}.bak`)).toBe(false);
    expect(home.exists(`${CONFIG}.lock`)).toBe(false);
  });

  test('6 saves keep 5 rotating backups, newest in .bak, oldest dropped', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, { n: 0 });
    for (let n = 1; n <= 6; n++) await updateConfig(ctx, set('n', n));
    expect(home.readJson(CONFIG)).toEqual({ n: 6 });
    const file = home.path(CONFIG);
    expect(backupPaths(file).map((p) => JSON.parse(home.read(p)).n)).toEqual([5, 4, 3, 2, 1]);
    const names = readdirSync(home.path('.clawdbot')).sort();
    expect(names).toEqual([
      'clawdbot.json',
      'clawdbot.json.bak',
      'clawdbot.json.bak.1',
      'clawdbot.json.bak.2',
      'clawdbot.json.bak.3',
      'clawdbot.json.bak.4',
    ]);
  });

  test('the first backup is the exact previous text (JSON5 comments included)', async () => {
    const { ctx, home } = setup();
    const original = '// my notes\n{ auth: { order: {} } }\n';
    home.write(CONFIG, original);
    await updateConfig(ctx, set('x', 1));
    expect(home.read(`${CONFIG}.bak`)).toBe(original);
    expect(home.readJson(CONFIG)).toEqual({ auth: { order: {} }, x: 1 });
  });

  test("the user's comments and layout survive a change: only the changed paths are edited", async () => {
    const { ctx, home } = setup();
    const original = [
      '// clawdbot config: my notes',
      '{',
      '  /* routing */',
      '  "auth": {',
      '    "order": { "anthropic": ["anthropic:work"] }, // keep work first',
      '    "profiles": { "anthropic:old": { "provider": "anthropic", "mode": "api_key" } },',
      '  },',
      '  "models": { "providers": {} }, // trailing comma above is JSON5',
      '}',
      '',
    ].join('\n');
    home.write(CONFIG, original);
    const err = vi.spyOn(process.stderr, 'write');
    await updateConfig(ctx, (raw) => {
      const auth = raw.auth as { profiles: Record<string, unknown> };
      delete auth.profiles['anthropic:old'];
      auth.profiles['anthropic:new'] = { provider: 'anthropic', mode: 'token' };
    });
    const text = home.read(CONFIG);
    for (const comment of [
      '// clawdbot config: my notes',
      '/* routing */',
      '// keep work first',
      '// trailing comma above is JSON5',
    ])
      expect(text).toContain(comment);
    expect((await loadConfig(ctx)).raw).toEqual({
      auth: {
        order: { anthropic: ['anthropic:work'] },
        profiles: { 'anthropic:new': { provider: 'anthropic', mode: 'token' } },
      },
      models: { providers: {} },
    });
    expect(err.mock.calls.flat().join('')).not.toContain('could not be kept');
    err.mockRestore();
  });

  test('JSON5 the editor cannot keep (unquoted keys): written as JSON, and one warning names the backup', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, '// notes\n{ auth: { order: {} } }\n');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await updateConfig(ctx, set('x', 1));
    const warned = err.mock.calls.flat().join('');
    err.mockRestore();
    expect(warned).toMatch(
      /clawdbot\.json: its comments and JSON5 formatting could not be kept .* previous text is in ~\/\.clawdbot\/clawdbot\.json\.bak/,
    );
    expect(home.readJson(CONFIG)).toEqual({ auth: { order: {} }, x: 1 });
  });

  test('keeps ${VAR} text and unknown keys on save while the returned view is substituted', async () => {
    const { ctx, home } = setup({ GW_KEY: 'resolved-value' });
    const before = {
      channels: {
        telegram: { botToken: '${TELEGRAM_BOT_TOKEN_X}', groups: { '*': { requireMention: true } } },
      },
      models: { providers: { gw: { apiKey: '${GW_KEY}', headers: { a: 1 } } } },
      agents: { list: [{ id: 'main', identity: { emoji: '🦞' } }] },
    };
    ctx.env.TELEGRAM_BOT_TOKEN_X = 'tg';
    home.write(CONFIG, before);
    const loaded = await updateConfig(ctx, (raw) => {
      (raw as { auth?: unknown }).auth = {
        profiles: { 'anthropic:me': { provider: 'anthropic', mode: 'oauth' } },
      };
    });
    expect(home.readJson(CONFIG)).toEqual({
      ...before,
      auth: { profiles: { 'anthropic:me': { provider: 'anthropic', mode: 'oauth' } } },
    });
    expect(home.read(CONFIG)).not.toContain('resolved-value');
    expect(loaded.config.models?.providers?.gw?.apiKey).toBe('resolved-value');
    expect((await loadConfig(ctx)).config.models?.providers?.gw?.apiKey).toBe('resolved-value');
  });

  test('an unparsable file is never overwritten and no backup is made', async () => {
    const { ctx, home } = setup();
    const text = '{ auth: { order: { a: ["x",, ] } }';
    home.write(CONFIG, text);
    let called = false;
    const err = await updateConfig(ctx, () => {
      called = true;
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_PARSE_FAILED', path: home.path(CONFIG) });
    expect((err as Error).message).toMatch(/clawdbot\.json:1:\d+: /);
    expect(called).toBe(false);
    expect(home.read(CONFIG)).toBe(text);
    expect(home.exists(`${CONFIG}.bak`)).toBe(false);
    expect(home.exists(`${CONFIG}.lock`)).toBe(false);
  });

  test('legacy migrations are persisted by a save', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, {
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'token' } } },
      agent: { model: 'openai/gpt-5.2', modelFallbacks: ['anthropic/claude-opus-4-5'] },
    });
    const saved = await updateConfig(ctx, () => {});
    expect(saved.migrations).toEqual([
      'auth.anthropic-claude-cli-mode-oauth',
      'agent.model-config-v2',
      'agent.defaults-v2',
    ]);
    expect(home.readJson(CONFIG)).toEqual({
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' } } },
      agents: {
        defaults: { model: { primary: 'openai/gpt-5.2', fallbacks: ['anthropic/claude-opus-4-5'] } },
      },
    });
    expect((await loadConfig(ctx)).migrations).toEqual([]);
  });

  test('a mutation that would add a validation problem is refused and nothing is written', async () => {
    const { ctx, home } = setup();
    const text = '{ "auth": { "order": { "a": [1] } } }';
    home.write(CONFIG, text);
    // The existing problem (a[0]) does not block an unrelated change...
    await updateConfig(ctx, set('note', 'ok'));
    expect(home.readJson(CONFIG)).toEqual({ auth: { order: { a: [1] } }, note: 'ok' });
    // ...a new one does.
    const err = await updateConfig(ctx, (raw) => {
      (raw as { auth: { order: Record<string, unknown> } }).auth.order.b = 'not-a-list';
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((err as Error).message).toContain('auth.order.b: expected array');
    expect(home.readJson(CONFIG)).toEqual({ auth: { order: { a: [1] } }, note: 'ok' });
  });

  test('a no-op save leaves the file and backups alone', async () => {
    const { ctx, home } = setup();
    await updateConfig(ctx, set('a', 1));
    await updateConfig(ctx, () => {});
    expect(home.exists(`${CONFIG}.bak`)).toBe(false);
  });

  test('parallel updates in one process all land (the lock serializes them)', async () => {
    const { ctx, home } = setup();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        updateConfig(ctx, (raw) => {
          raw[`k${i}`] = i;
        }),
      ),
    );
    expect(Object.keys(home.readJson<object>(CONFIG)).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `k${i}`).sort(),
    );
  });
});

describe('updateConfig failures', () => {
  test('a failing backup step is CONFIG_WRITE_FAILED and the config is untouched', async () => {
    const { ctx, home } = setup();
    const text = '{ "a": 1 }';
    home.write(CONFIG, text);
    // A directory where the oldest backup goes cannot be dropped: rotation fails before any write.
    home.write(`${CONFIG}.bak.4/blocker`, 'x');
    const err = await updateConfig(ctx, set('a', 2)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_WRITE_FAILED', path: home.path(CONFIG) });
    expect((err as { hint: string }).hint).toContain('.bak');
    expect(home.read(CONFIG)).toBe(text);
    expect(home.exists(`${CONFIG}.lock`)).toBe(false);
  });
});
