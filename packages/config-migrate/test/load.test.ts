// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} config text is what these tests are about
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/index.js';
import { CONFIG, setup } from './helpers.js';

describe('loadConfig', () => {
  test('a missing file is an empty config, not an error', async () => {
    const { ctx, home } = setup();
    const loaded = await loadConfig(ctx);
    expect(loaded).toMatchObject({ path: home.path(CONFIG), exists: false, raw: {}, config: {}, issues: [] });
    expect(home.exists(CONFIG)).toBe(false);
  });

  test('reads JSON5 (comments, trailing commas, unquoted keys)', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, `// mine\n{ auth: { order: { anthropic: ['anthropic:work',], }, }, }\n`);
    const loaded = await loadConfig(ctx);
    expect(loaded.exists).toBe(true);
    expect(loaded.config.auth?.order).toEqual({ anthropic: ['anthropic:work'] });
  });

  test('CLAWDBOT_CONFIG_PATH points somewhere else', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, { models: { providers: { a: { api: 'default-file' } } } });
    const other = home.write(
      'elsewhere/custom.json5',
      `{ models: { providers: { a: { api: 'override' } } } }`,
    );
    ctx.env.CLAWDBOT_CONFIG_PATH = other;
    const loaded = await loadConfig(ctx);
    expect(loaded.path).toBe(other);
    expect(loaded.config.models?.providers?.a?.api).toBe('override');
  });

  test('a syntax error names file, line and column; the file is untouched', async () => {
    const { ctx, home } = setup();
    const text = '{\n  auth: {\n    order: { anthropic: [1 2] },\n  },\n}\n';
    const file = home.write(CONFIG, text);
    const err = await loadConfig(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_PARSE_FAILED', path: file });
    expect((err as Error).message).toBe(`${file}:3:28: invalid character '2'`);
    expect((err as { hint: string }).hint).toContain('clawdbot doctor');
    expect(home.read(CONFIG)).toBe(text);
  });

  test('a config that does not parse is kept once as <file>.corrupt-<ms> (0600), the file untouched', async () => {
    const { ctx, home } = setup();
    const broken = '{ auth: { order: { anthropic: [1 2] } } }\n';
    home.write(CONFIG, broken);
    await expect(loadConfig(ctx)).rejects.toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
    await expect(loadConfig(ctx)).rejects.toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
    const copies = home.listFiles().filter((f) => f.startsWith(`${CONFIG}.corrupt-`));
    expect(copies).toHaveLength(1);
    expect(home.read(copies[0] as string)).toBe(broken);
    expect(fs.statSync(home.path(copies[0] as string)).mode & 0o777).toBe(0o600);
    expect(home.read(CONFIG)).toBe(broken);
  });

  test('without a backup the parse hint does not send the user to restore one', async () => {
    const { ctx, home } = setup();
    const file = home.write(CONFIG, '{\n  auth: {,\n}\n');
    const err = await loadConfig(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
    const hint = (err as { hint: string }).hint;
    expect(hint).not.toContain('.bak');
    expect(hint).toContain(`${file}:2:`);
    expect(hint).toContain('clawdbot doctor');
  });

  test('with a backup the parse hint names the newest one', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, '{ auth: {, }');
    const bak = home.write(`${CONFIG}.bak`, '{}');
    const err = await loadConfig(ctx).catch((e: unknown) => e);
    expect((err as { hint: string }).hint).toContain(`restore ${bak}`);
  });

  test('a non-object top level without a backup: the hint only asks for one object', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, '"just a string"');
    const err = await loadConfig(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
    expect((err as { hint: string }).hint).not.toContain('.bak');
  });

  test('a non-object top level is a parse failure', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, '[1, 2]');
    await expect(loadConfig(ctx)).rejects.toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
  });

  test('migrations apply in memory, are reported, and the file is not rewritten', async () => {
    const { ctx, home } = setup();
    const text = JSON.stringify({
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'token' } } },
      agent: { model: 'openai/gpt-5.2' },
    });
    home.write(CONFIG, text);
    const loaded = await loadConfig(ctx);
    expect(loaded.migrations).toEqual([
      'auth.anthropic-claude-cli-mode-oauth',
      'agent.model-config-v2',
      'agent.defaults-v2',
    ]);
    expect(loaded.config.auth?.profiles?.['anthropic:claude-cli']?.mode).toBe('oauth');
    expect(loaded.config.agents?.defaults?.model?.primary).toBe('openai/gpt-5.2');
    expect(home.read(CONFIG)).toBe(text);
  });

  test('${VAR} is substituted in the view and kept in raw; env block fills the environment', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, {
      env: { vars: { GATEWAY_URL: 'http://127.0.0.1:9' }, EXTRA_KEY: 'from-config' },
      models: {
        providers: { gateway: { baseUrl: '${GATEWAY_URL}', apiKey: '${EXTRA_KEY}', api: '$${LITERAL}' } },
      },
    });
    const loaded = await loadConfig(ctx);
    expect(loaded.config.models?.providers?.gateway).toEqual({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'from-config',
      api: '${LITERAL}',
    });
    expect((loaded.raw as { models: unknown }).models).toEqual({
      providers: { gateway: { baseUrl: '${GATEWAY_URL}', apiKey: '${EXTRA_KEY}', api: '$${LITERAL}' } },
    });
    expect(ctx.env.EXTRA_KEY).toBe('from-config');
    expect(loaded.env.origins.get('EXTRA_KEY')).toEqual({ kind: 'config-env' });
  });

  test('a missing variable names the config path, the variable and the file', async () => {
    const { ctx, home } = setup();
    const file = home.write(CONFIG, {
      models: { providers: { gateway: { apiKey: '${VERCEL_GATEWAY_API_KEY}' } } },
    });
    const err = await loadConfig(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENV_VAR_MISSING', path: file });
    expect((err as Error).message).toContain(
      'models.providers.gateway.apiKey: ${VERCEL_GATEWAY_API_KEY} is not set',
    );
  });

  test('loadEnv: false leaves the environment alone', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, { env: { ONLY_IN_CONFIG: 'x' } });
    const loaded = await loadConfig(ctx, { loadEnv: false });
    expect(ctx.env.ONLY_IN_CONFIG).toBeUndefined();
    expect(loaded.env.origins.size).toBe(0);
  });

  test('validation issues are reported with paths, the rest still loads', async () => {
    const { ctx, home } = setup();
    home.write(CONFIG, {
      auth: { order: { anthropic: ['anthropic:a', 7] } },
      agents: { list: [{ id: 'main' }] },
    });
    const loaded = await loadConfig(ctx);
    expect(loaded.issues).toEqual([{ path: 'auth.order.anthropic[1]', message: 'expected string' }]);
    expect(loaded.config.agents?.list).toEqual([{ id: 'main' }]);
    expect(loaded.raw).toEqual({
      auth: { order: { anthropic: ['anthropic:a', 7] } },
      agents: { list: [{ id: 'main' }] },
    });
  });
});
