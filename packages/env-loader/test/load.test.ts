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
    box = makeSandbox({ A: 'proc', B: '   ' });
    box.home.write('project/.env', 'A=cwd\nB=cwd\nC=cwd\n');
    box.home.write('.clawdbot/.env', 'A=state\nB=state\nC=state\nD=state\n');
    const configEnv = { vars: { A: 'cfg', D: 'cfg', E: 'cfg' }, F: 'cfg-top', shellEnv: { enabled: false } };

    const loaded = await loadEnvironment(box.ctx, { configEnv });

    expect(box.ctx.env).toMatchObject({ A: 'proc', B: 'cwd', C: 'cwd', D: 'state', E: 'cfg', F: 'cfg-top' });
    expect(originOf(loaded, 'A')).toEqual({ kind: 'process' });
    expect(originOf(loaded, 'B')).toEqual({ kind: 'cwd-dotenv', path: box.home.path('project/.env') });
    expect(originOf(loaded, 'D')).toEqual({ kind: 'state-dotenv', path: box.home.path('.clawdbot/.env') });
    expect(originOf(loaded, 'E')).toEqual({ kind: 'config-env' });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.shell).toEqual({ enabled: false, appliedKeys: [] });
  });

  test('whitespace-only values in a file or the config do not fill anything', async () => {
    box = makeSandbox();
    box.home.write('project/.env', 'EMPTY=\nBLANK="   "\n');
    box.home.write('.clawdbot/.env', 'BLANK=from-state\n');
    await loadEnvironment(box.ctx, { configEnv: { vars: { EMPTY: ' ' } } });
    expect(box.ctx.env.EMPTY).toBeUndefined();
    expect(box.ctx.env.BLANK).toBe('from-state');
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
      '# keys\nexport TOKEN=abc # trailing\nPEM="-----BEGIN-----\nxyz\n-----END-----"\n',
    );
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.TOKEN).toBe('abc');
    expect(box.ctx.env.PEM).toBe('-----BEGIN-----\nxyz\n-----END-----');
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
