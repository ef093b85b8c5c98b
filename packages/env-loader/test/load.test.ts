import { afterEach, describe, expect, test } from 'vitest';
import {
  describeOrigin,
  loadEnvironment,
  originOf,
  resolveProviderEnv,
  SHELL_IMPORT_ALLOWLIST,
} from '../src/index.js';
import { makeSandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
afterEach(() => box?.home.cleanup());

describe('loadEnvironment without the shell', () => {
  test('each layer fills only what the layers above left unset', async () => {
    const [A, B, C] = ['OPENAI_API_KEY', 'GEMINI_API_KEY', 'XAI_API_KEY'];
    box = makeSandbox({ [A]: 'proc', [B]: '   ' });
    box.home.write('project/.env', `${A}=cwd\n${B}=cwd\n${C}=cwd\n`);
    box.home.write('.clawdbot/.env', `${A}=state\n${B}=state\n${C}=state\nD=state\n`);
    const configEnv = {
      vars: { [A]: 'cfg', D: 'cfg', E: 'cfg' },
      F: 'cfg-top',
      shellEnv: { enabled: false },
    };

    const loaded = await loadEnvironment(box.ctx, { configEnv });

    expect(box.ctx.env).toMatchObject({
      [A]: 'proc',
      [B]: 'cwd',
      [C]: 'cwd',
      D: 'state',
      E: 'cfg',
      F: 'cfg-top',
    });
    expect(originOf(loaded, A)).toEqual({ kind: 'process' });
    expect(originOf(loaded, B)).toEqual({ kind: 'cwd-dotenv', path: box.home.path('project/.env') });
    expect(originOf(loaded, 'D')).toEqual({ kind: 'state-dotenv', path: box.home.path('.clawdbot/.env') });
    expect(originOf(loaded, 'E')).toEqual({ kind: 'config-env' });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.shell).toEqual({ enabled: false, appliedKeys: [] });
  });

  test('whitespace-only values in a file or the config do not fill anything', async () => {
    box = makeSandbox();
    box.home.write('project/.env', 'GROQ_API_KEY=\nXAI_API_KEY="   "\n');
    box.home.write('.clawdbot/.env', 'XAI_API_KEY=from-state\n');
    await loadEnvironment(box.ctx, { configEnv: { vars: { GROQ_API_KEY: ' ' } } });
    expect(box.ctx.env.GROQ_API_KEY).toBeUndefined();
    expect(box.ctx.env.XAI_API_KEY).toBe('from-state');
  });

  test('a malformed line is reported as file:line and the rest still loads', async () => {
    box = makeSandbox();
    const file = box.home.write('.clawdbot/.env', 'GOOD_ONE=1\nnot valid at all\nexport GOOD_TWO="2"\n');
    const loaded = await loadEnvironment(box.ctx);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: `));
    expect(box.ctx.env).toMatchObject({ GOOD_ONE: '1', GOOD_TWO: '2' });
  });

  test('multi-line quoted values, export prefixes and comments', async () => {
    box = makeSandbox();
    box.home.write(
      'project/.env',
      '# keys\nexport GROQ_API_KEY=abc # trailing\nGITHUB_TOKEN="-----BEGIN-----\nxyz\n-----END-----"\n',
    );
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.GROQ_API_KEY).toBe('abc');
    expect(box.ctx.env.GITHUB_TOKEN).toBe('-----BEGIN-----\nxyz\n-----END-----');
    expect(loaded.warnings).toEqual([]);
  });

  test('CLAWDBOT_STATE_DIR with ~ selects the state .env', async () => {
    box = makeSandbox({ CLAWDBOT_STATE_DIR: '~/elsewhere' });
    box.home.write('elsewhere/.env', 'FROM_ALT=yes\n');
    box.home.write('.clawdbot/.env', 'FROM_DEFAULT=yes\n');
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.FROM_ALT).toBe('yes');
    expect(box.ctx.env.FROM_DEFAULT).toBeUndefined();
    expect(describeOrigin(box.ctx, originOf(loaded, 'FROM_ALT'))).toBe('~/elsewhere/.env');
  });

  test('a second load keeps the origins of what the first one set', async () => {
    box = makeSandbox();
    box.home.write('.clawdbot/.env', 'ANTHROPIC_API_KEY=sk-ant-api03-state\n');
    await loadEnvironment(box.ctx);
    const again = await loadEnvironment(box.ctx);
    expect(originOf(again, 'ANTHROPIC_API_KEY').kind).toBe('state-dotenv');
  });
});

describe('the working directory .env is not trusted', () => {
  const HOSTILE = {
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/evil',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/evil',
    CLAWDBOT_OAUTH_TOKEN_URL_ANTHROPIC: 'http://127.0.0.1:9/token',
    CLAWDBOT_STATE_DIR: './stolen-state',
    CLAWDBOT_CONFIG_PATH: './stolen.json',
    CLAWDBOT_AGENT_DIR: './stolen-agent',
    CLAUDE_CONFIG_DIR: './stolen-claude',
    CODEX_HOME: './stolen-codex',
    CLAWDBOT_LOAD_SHELL_ENV: '1',
    NODE_OPTIONS: '--require ./evil.js',
    LD_PRELOAD: './evil.so',
    BASH_ENV: './evil.sh',
    ENV: './evil.sh',
    SHELL: './evil-shell',
  };
  const dotenv = (vars: Record<string, string>) =>
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');

  test('only allow-listed credential variables load; the rest is one warning naming file and names', async () => {
    box = makeSandbox();
    const file = box.home.write(
      'project/.env',
      dotenv({ ...HOSTILE, ANTHROPIC_API_KEY: 'sk-ant-api03-cwd' }),
    );

    const loaded = await loadEnvironment(box.ctx);

    expect(box.ctx.env.ANTHROPIC_API_KEY).toBe('sk-ant-api03-cwd');
    for (const name of Object.keys(HOSTILE)) expect(box.ctx.env[name], name).toBeUndefined();
    expect(loaded.shell.enabled).toBe(false);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain(file);
    for (const name of Object.keys(HOSTILE)) expect(loaded.warnings[0]).toContain(name);
    expect(loaded.warnings[0]).not.toContain('127.0.0.1');
    expect(loaded.warnings[0]).not.toContain('sk-ant');
  });

  test('a state dir named in ./.env does not choose which <state>/.env loads', async () => {
    box = makeSandbox();
    box.home.write('project/.env', 'CLAWDBOT_STATE_DIR=~/elsewhere\n');
    box.home.write('elsewhere/.env', 'OPENAI_API_KEY=sk-planted\n');
    box.home.write('.clawdbot/.env', 'ANTHROPIC_API_KEY=sk-ant-api03-mine\n');
    await loadEnvironment(box.ctx);
    expect(box.ctx.env.OPENAI_API_KEY).toBeUndefined();
    expect(box.ctx.env.ANTHROPIC_API_KEY).toBe('sk-ant-api03-mine');
  });

  test("the same variables in <state>/.env (the user's own file) load as before", async () => {
    box = makeSandbox();
    box.home.write(
      '.clawdbot/.env',
      'ANTHROPIC_BASE_URL=http://127.0.0.1:1/mine\nCLAUDE_CONFIG_DIR=/srv/claude\n',
    );
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:1/mine');
    expect(box.ctx.env.CLAUDE_CONFIG_DIR).toBe('/srv/claude');
    expect(loaded.warnings).toEqual([]);
  });

  test("run from inside the state dir, its .env is the user's own file", async () => {
    box = makeSandbox();
    box.home.write('.clawdbot/.env', 'ANTHROPIC_BASE_URL=http://127.0.0.1:1/mine\n');
    box.ctx.cwd = box.home.path('.clawdbot');
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:1/mine');
    expect(originOf(loaded, 'ANTHROPIC_BASE_URL').kind).toBe('state-dotenv');
    expect(loaded.warnings).toEqual([]);
  });
});

describe('origins and provider variables', () => {
  test('describeOrigin labels every kind, with ~ for HOME', () => {
    box = makeSandbox();
    const d = (o: Parameters<typeof describeOrigin>[1]) => describeOrigin(box.ctx, o);
    expect(d({ kind: 'state-dotenv', path: box.home.path('.clawdbot/.env') })).toBe('~/.clawdbot/.env');
    expect(d({ kind: 'cwd-dotenv', path: '/srv/app/.env' })).toBe('/srv/app/.env');
    expect(d({ kind: 'config-env' })).toBe('config env');
    expect(d({ kind: 'login-shell' })).toBe('login shell');
    expect(d({ kind: 'process' })).toBe('process env');
  });

  test('the OAuth token wins over the API key and reads as a bearer token', async () => {
    box = makeSandbox({ ANTHROPIC_API_KEY: 'sk-ant-api03-proc' });
    box.home.write('.clawdbot/.env', 'ANTHROPIC_OAUTH_TOKEN=sk-ant-oat01-state\n');
    const loaded = await loadEnvironment(box.ctx);
    expect(resolveProviderEnv(box.ctx, loaded, 'Anthropic')).toEqual({
      name: 'ANTHROPIC_OAUTH_TOKEN',
      value: 'sk-ant-oat01-state',
      origin: { kind: 'state-dotenv', path: box.home.path('.clawdbot/.env') },
      kind: 'oauth',
    });
  });

  test.each([
    ['zai', { Z_AI_API_KEY: 'z2' }, 'Z_AI_API_KEY'],
    ['z.ai', { ZAI_API_KEY: 'z1', Z_AI_API_KEY: 'z2' }, 'ZAI_API_KEY'],
    ['xai', { XAI_API_KEY: 'x' }, 'XAI_API_KEY'],
    ['github-copilot', { GH_TOKEN: 'g', GITHUB_TOKEN: 'h' }, 'GH_TOKEN'],
    ['opencode', { OPENCODE_ZEN_API_KEY: 'o' }, 'OPENCODE_ZEN_API_KEY'],
    ['openai', { OPENAI_API_KEY: '  ' }, undefined],
    ['unknown-provider', { UNKNOWN_PROVIDER_API_KEY: 'u' }, undefined],
  ])('%s with %j resolves %s', (provider, env, name) => {
    box = makeSandbox(env);
    const found = resolveProviderEnv(box.ctx, undefined, provider);
    expect(found?.name).toBe(name);
    if (found) expect(found.kind).toBe('api_key');
  });

  test('the shell allow-list holds the spec keys and every provider variable, nothing generic', () => {
    for (const name of [
      'ELEVENLABS_API_KEY',
      'CLAWDBOT_GATEWAY_PASSWORD',
      'KIMICODE_API_KEY',
      'GITHUB_TOKEN',
    ]) {
      expect(SHELL_IMPORT_ALLOWLIST).toContain(name);
    }
    for (const name of ['PATH', 'HOME', 'AWS_SECRET_ACCESS_KEY'])
      expect(SHELL_IMPORT_ALLOWLIST).not.toContain(name);
  });
});
