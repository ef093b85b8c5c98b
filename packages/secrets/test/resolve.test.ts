import fs from 'node:fs';
import {
  fixtureSecret,
  leakedSecrets,
  makeTempHome,
  type TempHome,
  writeResolverScript,
} from '@clawdbot-auth/testkit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  resolveSecretRef,
  resolveSecretRefs,
  type SecretContext,
  SecretRefSchema,
  type SecretsConfig,
} from '../src/index.js';

let home: TempHome;
beforeEach(() => {
  home = makeTempHome({ prefix: 'secrets-' });
});
afterEach(() => home.cleanup());

function context(secrets: SecretsConfig, env: Record<string, string> = {}): SecretContext {
  return {
    ctx: {
      env: { ...home.env, ...env },
      homedir: home.home,
      cwd: home.home,
      platform: process.platform,
      now: Date.now,
    },
    secrets,
  };
}

function execConfig(command: string, extra: Record<string, unknown> = {}): SecretsConfig {
  return { providers: { vault: { source: 'exec', command, passEnv: ['PATH'], ...extra } } };
}

describe('ref schema (upstream grammar)', () => {
  test.each([
    [{ source: 'env', provider: 'default', id: 'OPENAI_API_KEY' }, true],
    [{ source: 'env', id: 'lower_case' }, false],
    [{ source: 'file', provider: 'filemain', id: '/providers/openai/apiKey' }, true],
    [{ source: 'file', provider: 'filemain', id: 'providers/openai' }, false],
    [{ source: 'exec', provider: 'vault', id: 'providers/openai/apiKey#value' }, true],
    [{ source: 'exec', provider: 'vault', id: 'a/../b' }, false],
    [{ source: 'exec', provider: 'Vault', id: 'x' }, false],
    [{ source: 'store', provider: 'default', id: 'X' }, false],
  ])('%j valid=%s', (ref, valid) => {
    expect(SecretRefSchema.safeParse(ref).success).toBe(valid);
  });
});

describe('env and file refs', () => {
  test('env ref reads the variable through the built-in default provider', async () => {
    const key = fixtureSecret.openaiApiKey();
    const value = await resolveSecretRef(context({}, { MY_KEY: key }), { source: 'env', id: 'MY_KEY' });
    expect(value).toBe(key);
  });

  test('an unset variable or one outside the allowlist is unresolved, naming the variable', async () => {
    const sc = context(
      { providers: { strict: { source: 'env', allowlist: ['ONLY_THIS'] } } },
      { OTHER: 'v' },
    );
    const [unset, denied] = await resolveSecretRefs(sc, [
      { source: 'env', id: 'NOT_SET' },
      { source: 'env', provider: 'strict', id: 'OTHER' },
    ]);
    expect(unset).toEqual({ ok: false, reason: 'environment variable NOT_SET is not set' });
    expect(denied).toEqual({ ok: false, reason: 'OTHER is not in secrets.providers.strict.allowlist' });
  });

  test('file refs: JSON pointer and singleValue; a group-writable file is refused', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const json = home.write('secrets/all.json', { providers: { 'a/b': { key } } });
    home.write('secrets/one.txt', `${key}\n`);
    const loose = home.write('secrets/loose.txt', key, 0o620);
    const sc = context({
      providers: {
        filemain: { source: 'file', path: json },
        one: { source: 'file', path: '~/secrets/one.txt', mode: 'singleValue' },
        loose: { source: 'file', path: loose, mode: 'singleValue' },
      },
    });
    const out = await resolveSecretRefs(sc, [
      { source: 'file', provider: 'filemain', id: '/providers/a~1b/key' },
      { source: 'file', provider: 'one', id: 'value' },
      { source: 'file', provider: 'loose', id: 'value' },
      { source: 'file', provider: 'filemain', id: '/missing' },
    ]);
    expect(out.slice(0, 2)).toEqual([
      { ok: true, value: key },
      { ok: true, value: key },
    ]);
    expect(out[2]).toMatchObject({
      ok: false,
      reason: expect.stringContaining('writable by group or others'),
    });
    expect(out[3]).toMatchObject({ ok: false, reason: expect.stringContaining('has no string at /missing') });
    expect(leakedSecrets(JSON.stringify(out.slice(2)), [key])).toEqual([]);
  });

  test('a provider that is not configured is named', async () => {
    await expect(
      resolveSecretRef(context({}), { source: 'exec', provider: 'onepassword', id: 'x' }, 'keyRef'),
    ).rejects.toMatchObject({
      code: 'SECRET_REF_UNRESOLVED',
      reason: 'unresolved_ref',
      message: 'keyRef could not be resolved: secrets.providers.onepassword is not configured',
    });
  });
});

describe('exec resolver protocol v1', () => {
  test('one run answers every id of a provider; missing ids and NOT_FOUND are named', async () => {
    const a = fixtureSecret.openaiApiKey();
    const b = fixtureSecret.anthropicApiKey();
    const count = home.path('runs');
    const cmd = writeResolverScript(
      home,
      {
        kind: 'values',
        values: { 'op://a': a, 'op://b': b },
        errors: { 'op://gone': { code: 'NOT_FOUND', message: b } },
      },
      count,
    );
    const out = await resolveSecretRefs(context(execConfig(cmd)), [
      { source: 'exec', provider: 'vault', id: 'op://a' },
      { source: 'exec', provider: 'vault', id: 'op://b' },
      { source: 'exec', provider: 'vault', id: 'op://gone' },
      { source: 'exec', provider: 'vault', id: 'op://none' },
    ]);
    expect(out).toEqual([
      { ok: true, value: a },
      { ok: true, value: b },
      { ok: false, reason: 'exec provider "vault": reported NOT_FOUND' },
      { ok: false, reason: 'exec provider "vault": returned no value' },
    ]);
    expect(fs.readFileSync(count, 'utf8')).toBe('x');
  });

  test('the resolver sees only passEnv and env variables, not our ambient secrets', async () => {
    const ambient = fixtureSecret.openaiApiKey();
    const cmd = writeResolverScript(home, { kind: 'env-names' });
    const value = await resolveSecretRef(
      context(execConfig(cmd, { env: { VAULT_ADDR: 'http://127.0.0.1:1' } }), { OPENAI_API_KEY: ambient }),
      { source: 'exec', provider: 'vault', id: 'names' },
    );
    expect(value.split(',').filter((n) => !['PWD', 'SHLVL', '_'].includes(n))).toEqual([
      'PATH',
      'VAULT_ADDR',
    ]);
  });

  test('plain stdout is taken only with jsonOnly: false and one id', async () => {
    const key = fixtureSecret.opaque();
    const cmd = writeResolverScript(home, { kind: 'plain', text: `${key}\n` });
    const strict = await resolveSecretRefs(context(execConfig(cmd)), [
      { source: 'exec', provider: 'vault', id: 'value' },
    ]);
    expect(strict).toEqual([{ ok: false, reason: 'exec provider "vault": did not print protocol v1 JSON' }]);
    const plain = await resolveSecretRef(context(execConfig(cmd, { jsonOnly: false })), {
      source: 'exec',
      provider: 'vault',
      id: 'value',
    });
    expect(plain).toBe(key);
  });

  test.each([
    ['hang', { kind: 'hang' as const }, { timeoutMs: 300 }, 'timed out after 0.3 s'],
    ['garbage', { kind: 'garbage' as const, leak: '' }, {}, 'did not print protocol v1 JSON'],
    ['10 MB', { kind: 'huge' as const }, {}, `printed more than ${1024 * 1024} bytes`],
    ['exit 3', { kind: 'fail' as const, leak: '' }, {}, 'exited with code 3'],
  ])(
    'a resolver that does %s is unresolved with a reason and none of its output',
    async (_n, behaviour, extra, reason) => {
      const leak = fixtureSecret.anthropicApiKey();
      const b = 'leak' in behaviour ? { ...behaviour, leak } : behaviour;
      const cmd = writeResolverScript(home, b);
      const err = await resolveSecretRef(
        context(execConfig(cmd, extra)),
        { source: 'exec', provider: 'vault', id: 'k' },
        'keyRef',
      ).catch((e: Error) => e);
      expect(err).toMatchObject({
        code: 'SECRET_REF_UNRESOLVED',
        message: `keyRef could not be resolved: exec provider "vault": ${reason}`,
      });
      expect(leakedSecrets(`${(err as Error).message} ${JSON.stringify(err)}`, [leak])).toEqual([]);
    },
  );

  test('the default timeout is 10 s', () => {
    expect(DEFAULT_EXEC_TIMEOUT_MS).toBe(10_000);
  });

  test('a command that is relative, a symlink or group-writable is not run', async () => {
    const cmd = writeResolverScript(home, { kind: 'values', values: { k: 'v' } });
    fs.symlinkSync(cmd, home.path('bin/link'));
    const writable = writeResolverScript(home, { kind: 'values', values: { k: 'v' } });
    fs.chmodSync(writable, 0o770);
    const reasons = [];
    for (const command of ['bin/resolver.mjs', home.path('bin/link'), writable]) {
      const [r] = await resolveSecretRefs(context(execConfig(command)), [
        { source: 'exec', provider: 'vault', id: 'k' },
      ]);
      reasons.push(r && !r.ok ? r.reason.replace(home.home, '~') : 'resolved');
    }
    expect(reasons).toEqual([
      'exec provider "vault": command must be an absolute path',
      'exec provider "vault": command ~/bin/link is a symlink (configure the real path)',
      expect.stringMatching(/^exec provider "vault": command .* is writable by group or others/),
    ]);
  });
});
