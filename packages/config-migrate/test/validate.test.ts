import { describe, expect, test } from 'vitest';
import { formatPath, validateConfig } from '../src/index.js';

describe('validateConfig', () => {
  test('wrong types are named by path and never thrown', () => {
    const { issues } = validateConfig({
      auth: {
        order: { anthropic: ['anthropic:default', 42] },
        profiles: { 'anthropic:work': { provider: 'anthropic', mode: 'password' } },
        cooldowns: { billingMaxHours: 'soon' },
      },
      env: { shellEnv: { enabled: 'yes' } },
      agents: { list: [{ id: 'main' }, { default: true }] },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'auth.order.anthropic[1]', message: 'expected string' },
        {
          path: 'auth.profiles["anthropic:work"].mode',
          message: 'expected one of "api_key", "oauth", "token"',
        },
        { path: 'auth.cooldowns.billingMaxHours', message: 'expected number' },
        { path: 'env.shellEnv.enabled', message: 'expected boolean' },
        { path: 'agents.list[1].id', message: 'required (expected string)' },
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  test('a bound that is not met is said in words, not as "Invalid input"', () => {
    const { issues } = validateConfig({
      auth: { store: { backend: 'etcd', endpoints: [''], timeoutMs: -5 }, cooldowns: { billingMaxHours: 0 } },
    });
    expect(issues).toEqual([
      { path: 'auth.store.endpoints[0]', message: 'Too small: expected string to have >=1 characters' },
      { path: 'auth.store.timeoutMs', message: 'Too small: expected number to be >0' },
      { path: 'auth.cooldowns.billingMaxHours', message: 'Too small: expected number to be >0' },
    ]);
  });

  test('the validated view leaves invalid entries out and keeps the valid ones', () => {
    const { value } = validateConfig({
      auth: {
        order: { anthropic: ['anthropic:default', 42, 'anthropic:work'] },
        profiles: {
          'anthropic:bad': { provider: 'anthropic', mode: 'password' },
          'anthropic:ok': { provider: 'anthropic', mode: 'token' },
        },
      },
      agents: { list: [{ default: true }, { id: 'ops' }] },
    });
    expect(value.auth?.order).toEqual({ anthropic: ['anthropic:default', 'anthropic:work'] });
    expect(Object.keys(value.auth?.profiles ?? {})).toEqual(['anthropic:ok']);
    expect(value.agents?.list).toEqual([{ id: 'ops' }]);
  });

  test('unknown keys are kept at every level', () => {
    const input = {
      channels: { telegram: { token: 'x' } },
      auth: { profiles: { 'a:b': { provider: 'a', mode: 'oauth', note: 'n' } }, future: 1 },
      env: { shellEnv: { enabled: true, extra: 2 }, FOO: 'bar', nested: { x: 1 } },
      agents: {
        defaults: { model: { primary: 'a/b', weight: 3 }, models: { 'a/b': { alias: 'ab', params: {} } } },
        list: [{ id: 'main', identity: { name: 'Claw' } }],
      },
      models: { providers: { gw: { baseUrl: 'http://x', headers: { h: 'v' } } }, mode: 'merge' },
    };
    const { value, issues } = validateConfig(input);
    expect(issues).toEqual([]);
    expect(value).toEqual(input);
  });

  test('a non-object root is one issue and an empty view', () => {
    expect(validateConfig([1])).toEqual({
      value: {},
      issues: [{ path: '(root)', message: 'expected object' }],
    });
  });

  test.each([
    [['auth', 'order', 'anthropic', 1], 'auth.order.anthropic[1]'],
    [['auth', 'profiles', 'anthropic:work', 'mode'], 'auth.profiles["anthropic:work"].mode'],
    [
      ['agents', 'defaults', 'models', 'openai/gpt-5.2', 'alias'],
      'agents.defaults.models["openai/gpt-5.2"].alias',
    ],
    [['models', 'providers', 'vercel-ai-gateway'], 'models.providers.vercel-ai-gateway'],
  ] as const)('formatPath(%j) = %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
