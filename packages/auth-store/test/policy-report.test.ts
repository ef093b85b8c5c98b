import { describe, expect, test } from 'vitest';
import {
  type AuthStore,
  buildAuthHealthReport,
  type Credential,
  checkExitCode,
  fingerprint,
  type ResolveInput,
  resolveCandidates,
} from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const key: Credential = { type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-report' };
const token = (expires: number): Credential => ({
  type: 'token',
  provider: 'anthropic',
  token: 'sk-ant-oat01-r',
  expires,
});
const oauth = (expires: number, refresh = 'sk-ant-ort01-r'): Credential => ({
  type: 'oauth',
  provider: 'anthropic',
  access: 'sk-ant-oat01-a',
  refresh,
  expires,
});
const envKey: ResolveInput['env'] = {
  name: 'ANTHROPIC_API_KEY',
  value: 'sk-ant-api03-env',
  origin: { kind: 'process' },
  kind: 'api_key',
};

function check(
  profiles: Record<string, Credential>,
  extra: Partial<AuthStore> = {},
  opts: { env?: ResolveInput['env']; inUse?: string[] } = {},
) {
  const store: AuthStore = { version: 1, profiles, ...extra };
  const providers = [...new Set(['anthropic', ...Object.values(profiles).map((p) => p.provider)])];
  const perProvider = providers.map((provider) =>
    resolveCandidates({
      provider,
      store,
      config: {},
      now: NOW,
      env: provider === 'anthropic' ? opts.env : undefined,
    }),
  );
  const report = buildAuthHealthReport({
    providersInUse: opts.inUse ?? ['anthropic'],
    perProvider,
    now: NOW,
    warnMs: DAY,
  });
  return { report, code: checkExitCode(report) };
}

describe('checkExitCode (spec 03 --check contract)', () => {
  const deadMark = {
    clawdbot: {
      dead: {
        'anthropic:me': {
          at: NOW,
          reason: 'invalid_grant',
          refreshFingerprint: fingerprint('sk-ant-ort01-r'),
        },
      },
    },
  };
  test.each<[string, Record<string, Credential>, Partial<AuthStore>, ResolveInput['env'], 0 | 1 | 2, string]>(
    [
      ['api key only', { 'anthropic:k': key }, {}, undefined, 0, 'ok'],
      ['env var only', {}, {}, envKey, 0, 'ok'],
      ['oauth with refresh, 10 days left', { 'anthropic:me': oauth(NOW + 10 * DAY) }, {}, undefined, 0, 'ok'],
      [
        'oauth with refresh, 2 h left: never 2',
        { 'anthropic:me': oauth(NOW + 2 * HOUR) },
        {},
        undefined,
        0,
        'ok',
      ],
      [
        'oauth with refresh, access expired: refreshable, never 1',
        { 'anthropic:me': oauth(NOW - 2 * HOUR) },
        {},
        undefined,
        0,
        'refreshable',
      ],
      ['token expiring in 2 h', { 'anthropic:t': token(NOW + 2 * HOUR) }, {}, undefined, 2, 'expiring'],
      [
        'oauth without refresh expiring in 2 h',
        { 'anthropic:me': oauth(NOW + 2 * HOUR, '') },
        {},
        undefined,
        2,
        'expiring',
      ],
      ['token expired', { 'anthropic:t': token(NOW - MIN) }, {}, undefined, 1, 'expired'],
      [
        'expired token next to a working key',
        { 'anthropic:t': token(NOW - MIN), 'anthropic:k': key },
        {},
        undefined,
        1,
        'expired',
      ],
      [
        'expiring token next to a working key',
        { 'anthropic:t': token(NOW + HOUR), 'anthropic:k': key },
        {},
        undefined,
        2,
        'expiring',
      ],
      ['dead oauth', { 'anthropic:me': oauth(NOW + 10 * DAY) }, deadMark, undefined, 1, 'expired'],
      ['missing provider', {}, {}, undefined, 1, 'missing'],
      [
        'only a rate-limit cooldown: still fine',
        { 'anthropic:k': key },
        { usageStats: { 'anthropic:k': { cooldownUntil: NOW + MIN } } },
        undefined,
        0,
        'ok',
      ],
      [
        'only a billing-disabled key: no usable credential',
        { 'anthropic:k': key },
        { usageStats: { 'anthropic:k': { disabledUntil: NOW + 5 * HOUR, disabledReason: 'billing' } } },
        undefined,
        1,
        'ok',
      ],
    ],
  )('%s -> %d', (_name, profiles, extra, env, code, status) => {
    const r = check(profiles, extra, { env });
    expect(r.code).toBe(code);
    expect(r.report.providers.find((p) => p.provider === 'anthropic')?.status).toBe(status);
  });

  test('a mode mismatch leaves no usable credential -> 1', () => {
    const store: AuthStore = { version: 1, profiles: { 'anthropic:t': token(NOW + 10 * DAY) } };
    const config = { auth: { profiles: { 'anthropic:t': { provider: 'anthropic', mode: 'api_key' } } } };
    const res = resolveCandidates({ provider: 'anthropic', store, config, now: NOW });
    const report = buildAuthHealthReport({ providersInUse: ['anthropic'], perProvider: [res], now: NOW });
    expect(report.missingProvidersInUse).toEqual([]);
    expect(checkExitCode(report)).toBe(1);
  });

  test('missingProvidersInUse names providers with no profile, env or config key', () => {
    const { report, code } = check({ 'anthropic:k': key }, {}, { inUse: ['anthropic', 'OpenAI'] });
    expect(report.missingProvidersInUse).toEqual(['openai']);
    expect(code).toBe(1);
  });

  test('providers not in use never change the exit code', () => {
    const expired: Credential = {
      type: 'token',
      provider: 'openrouter',
      token: 'sk-or-v1-x',
      expires: NOW - DAY,
    };
    const { report, code } = check({ 'anthropic:k': key, 'openrouter:old': expired });
    expect(report.providers.find((p) => p.provider === 'openrouter')).toMatchObject({
      inUse: false,
      status: 'expired',
    });
    expect(code).toBe(0);
  });

  test('per-credential lines carry status, remaining time and no secret', () => {
    const { report } = check({ 'anthropic:t': token(NOW + 2 * HOUR) });
    const line = report.providers[0]?.credentials[0];
    expect(line).toMatchObject({
      id: 'anthropic:t',
      status: 'expiring',
      expiresAt: NOW + 2 * HOUR,
      remainingMs: 2 * HOUR,
    });
    expect(JSON.stringify(report)).not.toContain('sk-ant-oat01-r');
  });
});
