import { describe, expect, test } from 'vitest';
import {
  type AuthStore,
  type Credential,
  fingerprint,
  formatRemaining,
  type HealthStatus,
  isProfileDead,
  profileHealth,
} from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const apiKey: Credential = { type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-health-key-0000' };
const token = (expires?: number): Credential => ({
  type: 'token',
  provider: 'anthropic',
  token: 'sk-ant-oat01-t',
  expires,
});
const oauth = (expires: number, refresh = 'sk-ant-ort01-r'): Credential => ({
  type: 'oauth',
  provider: 'anthropic',
  access: 'sk-ant-oat01-a',
  refresh,
  expires,
});

describe('profileHealth (spec 03 table)', () => {
  test.each<[string, Credential, boolean, HealthStatus, boolean]>([
    ['api_key', apiKey, false, 'static', false],
    ['token without expires', token(), false, 'static', false],
    ['token with 10 days left', token(NOW + 10 * DAY), false, 'ok', false],
    ['token with 24 h 1 min left', token(NOW + DAY + MIN), false, 'ok', false],
    ['token with exactly 24 h left', token(NOW + DAY), false, 'expiring', false],
    ['token with 2 h left', token(NOW + 2 * HOUR), false, 'expiring', false],
    ['token past expiry', token(NOW - 1), false, 'expired', false],
    ['oauth with refresh, 10 days left', oauth(NOW + 10 * DAY), false, 'ok', true],
    ['oauth with refresh, 90 s left (refreshes itself)', oauth(NOW + 90_000), false, 'ok', true],
    ['oauth with refresh, expired', oauth(NOW - 2 * HOUR), false, 'refreshable', true],
    ['oauth without refresh, 10 days left', oauth(NOW + 10 * DAY, ''), false, 'ok', false],
    ['oauth without refresh, 2 h left', oauth(NOW + 2 * HOUR, ''), false, 'expiring', false],
    ['oauth without refresh, expired', oauth(NOW - 1, ''), false, 'expired', false],
    ['oauth dead, 10 days left', oauth(NOW + 10 * DAY), true, 'expired', false],
    ['oauth dead, expired', oauth(NOW - 1), true, 'expired', false],
  ])('%s -> %s', (_name, cred, dead, status, refreshable) => {
    const health = profileHealth(cred, NOW, DAY, { dead });
    expect(health.status).toBe(status);
    expect(health.refreshable).toBe(refreshable);
    expect(health.dead).toBe(dead);
  });

  test('remaining time is reported for timed credentials only', () => {
    expect(profileHealth(token(NOW + 2 * HOUR), NOW)).toMatchObject({
      expiresAt: NOW + 2 * HOUR,
      remainingMs: 2 * HOUR,
    });
    expect(profileHealth(oauth(NOW - HOUR), NOW)).toMatchObject({ remainingMs: -HOUR });
    expect(profileHealth(apiKey, NOW).remainingMs).toBeUndefined();
  });

  test('a custom warn window moves the expiring line', () => {
    expect(profileHealth(token(NOW + 2 * HOUR), NOW, HOUR).status).toBe('ok');
    expect(profileHealth(token(NOW + 30 * MIN), NOW, HOUR).status).toBe('expiring');
  });
});

describe('isProfileDead', () => {
  const cred = oauth(NOW + DAY, 'sk-ant-ort01-revoked');
  const store = (refreshFingerprint: string): AuthStore => ({
    version: 1,
    profiles: { 'anthropic:me': cred },
    clawdbot: { dead: { 'anthropic:me': { at: NOW, reason: 'invalid_grant', refreshFingerprint } } },
  });

  test.each([
    ['marker names the current refresh token', fingerprint('sk-ant-ort01-revoked'), true],
    ['a new login brought a different refresh token', fingerprint('sk-ant-ort01-new'), false],
  ])('%s', (_name, fp, dead) => {
    expect(isProfileDead(store(fp), 'anthropic:me', cred)).toBe(dead);
  });

  test('no marker: not dead', () => {
    expect(isProfileDead({ version: 1, profiles: {} }, 'anthropic:me', cred)).toBe(false);
  });
});

describe('formatRemaining (minutes < 1 h, hours < 48 h, else days)', () => {
  test.each<[number, string]>([
    [45 * MIN, '45m'],
    [90_000, '2m'],
    [20_000, '1m'],
    [59 * MIN + 20_000, '59m'],
    [59 * MIN + 40_000, '1h'],
    [2 * HOUR, '2h'],
    [23 * HOUR + 50 * MIN, '24h'],
    [24 * HOUR + 10 * MIN, '24h'],
    [47 * HOUR, '47h'],
    [48 * HOUR, '2d'],
    [10 * DAY, '10d'],
    [300 * DAY, '300d'],
    [0, '0m'],
    [-5 * HOUR, '0m'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});
