import { ConfigSchema } from '@clawdbot-auth/config-migrate';
import { describe, expect, test } from 'vitest';
import {
  type AuthStore,
  type Credential,
  fingerprint,
  type ResolveInput,
  type ResolverConfig,
  resolveCandidates,
} from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const key = (name: string, provider = 'anthropic'): Credential => ({
  type: 'api_key',
  provider,
  key: `sk-ant-api03-${name}-key`,
});
const tok = (name: string, expires?: number): Credential => ({
  type: 'token',
  provider: 'anthropic',
  token: `sk-ant-oat01-${name}`,
  expires,
});
const oauth = (name: string, extra: Partial<Credential> = {}): Credential =>
  ({
    type: 'oauth',
    provider: 'anthropic',
    access: `acc-${name}`,
    refresh: `ref-${name}`,
    expires: NOW + DAY,
    ...extra,
  }) as Credential;

function resolve(store: Partial<AuthStore>, config: ResolverConfig = {}, extra: Partial<ResolveInput> = {}) {
  return resolveCandidates({
    provider: 'anthropic',
    store: { version: 1, profiles: {}, ...store },
    config,
    now: NOW,
    ...extra,
  });
}
const ids = (r: ReturnType<typeof resolve>) => r.candidates.map((c) => c.id);
const usableIds = (r: ReturnType<typeof resolve>) => r.candidates.filter((c) => c.usable).map((c) => c.id);
const reasons = (r: ReturnType<typeof resolve>) =>
  Object.fromEntries(r.candidates.map((c) => [c.id, c.reason ?? 'usable']));

const three = { 'anthropic:a': key('a'), 'anthropic:b': key('b'), 'anthropic:c': key('c') };

describe('step 1: base order and its source', () => {
  test.each<[string, Partial<AuthStore>, ResolverConfig, string, string[]]>([
    [
      'store order wins over config order',
      { profiles: three, order: { anthropic: ['anthropic:c', 'anthropic:a'] } },
      { auth: { order: { anthropic: ['anthropic:b'] } } },
      'store',
      ['anthropic:c', 'anthropic:a'],
    ],
    [
      'config auth.order without a store order',
      { profiles: three },
      { auth: { order: { anthropic: ['anthropic:b', 'anthropic:a'] } } },
      'config',
      ['anthropic:b', 'anthropic:a'],
    ],
    [
      'configured profiles without any order',
      { profiles: three },
      { auth: { profiles: { 'anthropic:c': { provider: 'anthropic', mode: 'api_key' } } } },
      'profiles',
      ['anthropic:c'],
    ],
    [
      'every stored profile without config',
      { profiles: three },
      {},
      'stored',
      ['anthropic:a', 'anthropic:b', 'anthropic:c'],
    ],
    ['nothing at all', {}, {}, 'none', []],
    [
      'an empty store order falls through to config',
      { profiles: three, order: { anthropic: [] } },
      { auth: { order: { anthropic: ['anthropic:b'] } } },
      'config',
      ['anthropic:b'],
    ],
    [
      'provider keys compared in lower case',
      {
        profiles: { 'anthropic:a': key('a', 'Anthropic'), 'anthropic:b': key('b') },
        order: { ANTHROPIC: ['anthropic:b', 'anthropic:a'] },
      },
      {},
      'store',
      ['anthropic:b', 'anthropic:a'],
    ],
  ])('%s', (_name, store, config, source, usable) => {
    const r = resolve(store, config);
    expect(r.orderSource).toBe(source);
    expect(usableIds(r)).toEqual(usable);
  });

  test('the provider argument is compared in lower case too', () => {
    const r = resolveCandidates({
      provider: ' Anthropic ',
      store: { version: 1, profiles: three },
      config: {},
      now: NOW,
    });
    expect(r.provider).toBe('anthropic');
    expect(usableIds(r)).toHaveLength(3);
  });
});

describe('step 2: dropped profiles are listed last with a reason', () => {
  const deadCred = oauth('dead');
  test.each<[string, Record<string, Credential>, ResolverConfig, Partial<AuthStore>, Record<string, string>]>(
    [
      [
        'mode mismatch (config api_key, stored token)',
        { 'anthropic:t': tok('t') },
        { auth: { profiles: { 'anthropic:t': { provider: 'anthropic', mode: 'api_key' } } } },
        {},
        { 'anthropic:t': 'mode mismatch' },
      ],
      [
        'config mode oauth accepts a stored token',
        { 'anthropic:t': tok('t') },
        { auth: { profiles: { 'anthropic:t': { provider: 'anthropic', mode: 'oauth' } } } },
        {},
        { 'anthropic:t': 'usable' },
      ],
      [
        'legacy config mode token reads as oauth',
        { 'anthropic:o': oauth('o') },
        { auth: { profiles: { 'anthropic:o': { provider: 'anthropic', mode: 'token' } } } },
        {},
        { 'anthropic:o': 'usable' },
      ],
      [
        'config mode token does not accept an api key',
        { 'anthropic:k': key('k') },
        { auth: { profiles: { 'anthropic:k': { provider: 'anthropic', mode: 'token' } } } },
        {},
        { 'anthropic:k': 'mode mismatch' },
      ],
      [
        'empty key',
        { 'anthropic:k': { type: 'api_key', provider: 'anthropic', key: '  ' } },
        {},
        {},
        { 'anthropic:k': 'empty' },
      ],
      [
        'empty token',
        { 'anthropic:t': { type: 'token', provider: 'anthropic', token: '' } },
        {},
        {},
        { 'anthropic:t': 'empty' },
      ],
      ['token past expires', { 'anthropic:t': tok('t', NOW - 1) }, {}, {}, { 'anthropic:t': 'expired' }],
      ['token before expires', { 'anthropic:t': tok('t', NOW + MIN) }, {}, {}, { 'anthropic:t': 'usable' }],
      [
        'oauth with neither access nor refresh',
        { 'anthropic:o': oauth('o', { access: '', refresh: '' }) },
        {},
        {},
        { 'anthropic:o': 'no token' },
      ],
      [
        'oauth with only a refresh token',
        { 'anthropic:o': oauth('o', { access: '' }) },
        {},
        {},
        { 'anthropic:o': 'usable' },
      ],
      [
        'dead (ours)',
        { 'anthropic:d': deadCred },
        {},
        {
          clawdbot: {
            dead: {
              'anthropic:d': {
                at: NOW,
                reason: 'invalid_grant',
                refreshFingerprint: fingerprint('ref-dead'),
              },
            },
          },
        },
        { 'anthropic:d': 'dead' },
      ],
      [
        'dead marker for an older refresh token',
        { 'anthropic:d': deadCred },
        {},
        {
          clawdbot: {
            dead: { 'anthropic:d': { at: NOW, reason: 'invalid_grant', refreshFingerprint: 'deadbeef' } },
          },
        },
        { 'anthropic:d': 'usable' },
      ],
    ],
  )('%s', (_name, profiles, config, extra, expected) => {
    expect(reasons(resolve({ profiles, ...extra }, config))).toEqual(expected);
  });

  test('ids not in the store, of another provider, or repeated are left out', () => {
    const profiles = { 'anthropic:a': key('a'), 'openai:x': key('x', 'openai') };
    const r = resolve({
      profiles,
      order: { anthropic: ['anthropic:ghost', 'openai:x', 'anthropic:a', 'anthropic:a'] },
    });
    expect(ids(r)).toEqual(['anthropic:a']);
  });

  test('unusable profiles come after the usable ones and after the environment', () => {
    const profiles = { 'anthropic:old': tok('old', NOW - HOUR), 'anthropic:a': key('a') };
    const env = {
      name: 'ANTHROPIC_API_KEY',
      value: 'sk-ant-api03-env',
      origin: { kind: 'process' as const },
      kind: 'api_key' as const,
    };
    const r = resolve({ profiles, order: { anthropic: ['anthropic:old', 'anthropic:a'] } }, {}, { env });
    expect(ids(r)).toEqual(['anthropic:a', 'ANTHROPIC_API_KEY', 'anthropic:old']);
    expect(r.candidates[2]).toMatchObject({ usable: false, reason: 'expired', expires: NOW - HOUR });
  });

  test('stored profiles left out of an explicit order are shown as not in order', () => {
    const r = resolve({ profiles: three, order: { anthropic: ['anthropic:b'] } });
    expect(reasons(r)).toEqual({
      'anthropic:b': 'usable',
      'anthropic:a': 'not in order',
      'anthropic:c': 'not in order',
    });
  });
});

describe('steps 3-4: explicit order, round robin, cooldowns', () => {
  const stats = {
    'anthropic:a': { cooldownUntil: NOW + 30 * MIN },
    'anthropic:b': { disabledUntil: NOW + 2 * HOUR, disabledReason: 'billing' },
  };

  test('explicit order is kept; cooling and disabled move to the end, soonest first', () => {
    const r = resolve({
      profiles: three,
      order: { anthropic: ['anthropic:b', 'anthropic:a', 'anthropic:c'] },
      usageStats: stats,
    });
    expect(ids(r)).toEqual(['anthropic:c', 'anthropic:a', 'anthropic:b']);
    expect(r.candidates.slice(1).map((c) => [c.reason, c.until])).toEqual([
      ['cooldown', NOW + 30 * MIN],
      ['billing', NOW + 2 * HOUR],
    ]);
  });

  test('an expired cooldown no longer counts', () => {
    const r = resolve({
      profiles: three,
      order: { anthropic: ['anthropic:a', 'anthropic:b'] },
      usageStats: { 'anthropic:a': { cooldownUntil: NOW - 1 } },
    });
    expect(usableIds(r)).toEqual(['anthropic:a', 'anthropic:b']);
  });

  test.each<[string, Record<string, Credential>, AuthStore['usageStats'], string[]]>([
    [
      'by type: oauth, token, api_key',
      { 'anthropic:k': key('k'), 'anthropic:t': tok('t'), 'anthropic:o': oauth('o') },
      {},
      ['anthropic:o', 'anthropic:t', 'anthropic:k'],
    ],
    [
      'same type: oldest lastUsed first, never used before all',
      three,
      { 'anthropic:a': { lastUsed: NOW - MIN }, 'anthropic:b': { lastUsed: NOW - HOUR } },
      ['anthropic:c', 'anthropic:b', 'anthropic:a'],
    ],
    [
      'cooling ones at the end, soonest first',
      { 'anthropic:o': oauth('o'), ...three },
      { 'anthropic:o': { cooldownUntil: NOW + 5 * MIN }, 'anthropic:a': { cooldownUntil: NOW + MIN } },
      ['anthropic:b', 'anthropic:c', 'anthropic:a', 'anthropic:o'],
    ],
  ])('round robin %s', (_name, profiles, usageStats, expected) => {
    expect(ids(resolve({ profiles, usageStats }))).toEqual(expected);
  });
});

describe('step 5: preferred profile', () => {
  test.each<[string, 'user' | 'auto', string, string, boolean]>([
    ['auto pin goes first', 'auto', 'anthropic:c', 'anthropic:c', true],
    ['user pin goes first and is never rotated', 'user', 'anthropic:c', 'anthropic:c', false],
    ['a pin that did not survive step 2 is ignored', 'user', 'anthropic:old', 'anthropic:a', true],
    ['a pin of another provider is ignored', 'user', 'openai:x', 'anthropic:a', true],
  ])('%s', (_name, source, profileId, first, rotate) => {
    const profiles = { ...three, 'anthropic:old': tok('old', NOW - 1), 'openai:x': key('x', 'openai') };
    const r = resolve(
      { profiles, order: { anthropic: ['anthropic:a', 'anthropic:b', 'anthropic:c', 'anthropic:old'] } },
      {},
      { preferred: { profileId, source } },
    );
    expect(r.candidates[0]?.id).toBe(first);
    expect(r.rotate).toBe(rotate);
    if (first === profileId) expect(r.candidates[0]?.pinned).toBe(source);
  });

  test('a pin in cooldown still goes first', () => {
    const r = resolve(
      { profiles: three, usageStats: { 'anthropic:b': { cooldownUntil: NOW + MIN } } },
      {},
      { preferred: { profileId: 'anthropic:b', source: 'user' } },
    );
    expect(ids(r)[0]).toBe('anthropic:b');
  });

  test('a pin outside an explicit order still goes first', () => {
    const r = resolve(
      { profiles: three, order: { anthropic: ['anthropic:a'] } },
      {},
      { preferred: { profileId: 'anthropic:c', source: 'auto' } },
    );
    expect(ids(r).slice(0, 2)).toEqual(['anthropic:c', 'anthropic:a']);
    expect(ids(r).filter((id) => id === 'anthropic:c')).toHaveLength(1);
  });
});

describe('step 6: environment, then config apiKey; sources', () => {
  const origin = { kind: 'state-dotenv' as const, path: '/home/u/.clawdbot/.env' };

  test('env var after profiles, config apiKey last, each with its source', () => {
    const r = resolve(
      { profiles: { 'anthropic:claude-cli': oauth('cc') } },
      { models: { providers: { anthropic: { apiKey: 'sk-ant-api03-from-config' } } } },
      { env: { name: 'ANTHROPIC_OAUTH_TOKEN', value: 'sk-ant-oat01-env', origin, kind: 'oauth' } },
    );
    expect(r.candidates.map((c) => [c.id, c.kind, c.type, c.source])).toEqual([
      ['anthropic:claude-cli', 'profile', 'oauth', 'claude-cli'],
      ['ANTHROPIC_OAUTH_TOKEN', 'env', 'token', 'env: ANTHROPIC_OAUTH_TOKEN'],
      ['models.providers.anthropic.apiKey', 'config', 'api_key', 'config'],
    ]);
    expect(r.candidates[1]?.origin).toEqual(origin);
    expect(r.candidates[2]?.fingerprint).toBe(fingerprint('sk-ant-api03-from-config'));
  });

  test('an explicit configApiKey input wins over the config value', () => {
    const r = resolve(
      {},
      { models: { providers: { anthropic: { apiKey: 'sk-ant-api03-raw-config-value' } } } },
      { configApiKey: 'resolved-key' },
    );
    expect(r.candidates).toMatchObject([
      { id: 'models.providers.anthropic.apiKey', fingerprint: fingerprint('resolved-key'), usable: true },
    ]);
  });

  test('codex-cli profiles are labelled as such, fingerprints never carry the secret', () => {
    const cred = { ...oauth('cx'), provider: 'openai-codex' } as Credential;
    const r = resolveCandidates({
      provider: 'openai-codex',
      store: { version: 1, profiles: { 'openai-codex:codex-cli': cred } },
      config: {},
      now: NOW,
    });
    expect(r.candidates[0]).toMatchObject({
      source: 'codex-cli',
      fingerprint: fingerprint('acc-cx'),
      refreshable: true,
      dead: false,
    });
    expect(JSON.stringify(r)).not.toContain('acc-cx');
  });

  test('inherited profiles are flagged', () => {
    const r = resolve({ profiles: three }, {}, { inherited: new Set(['anthropic:b']) });
    expect(r.candidates.filter((c) => c.inherited).map((c) => c.id)).toEqual(['anthropic:b']);
  });
});

describe('with a config validated by config-migrate', () => {
  test('ClawdbotConfig is accepted as is: routing from auth.profiles and auth.order', () => {
    const config = ConfigSchema.parse({
      auth: {
        profiles: {
          'anthropic:b': { provider: 'anthropic', mode: 'api_key' },
          'anthropic:t': { provider: 'anthropic', mode: 'oauth' },
        },
        order: { Anthropic: ['anthropic:t', 'anthropic:b'] },
      },
      models: { providers: { anthropic: { apiKey: 'sk-ant-api03-config-key' } } },
    });
    const r = resolve({ profiles: { ...three, 'anthropic:t': tok('t') } }, config);
    expect(r.orderSource).toBe('config');
    expect(r.candidates.map((c) => [c.id, c.reason ?? 'usable'])).toEqual([
      ['anthropic:t', 'usable'],
      ['anthropic:b', 'usable'],
      ['models.providers.anthropic.apiKey', 'usable'],
      ['anthropic:a', 'not in order'],
      ['anthropic:c', 'not in order'],
    ]);
  });
});
