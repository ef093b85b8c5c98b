import { describe, expect, test } from 'vitest';
import { profileIdForType } from '../src/index.js';

const key = { type: 'api_key', provider: 'anthropic', key: 'k' };
const token = { type: 'token', provider: 'anthropic', token: 't' };
const oauth = { type: 'oauth', provider: 'anthropic', access: 'a', refresh: 'r', expires: 1 };

describe('profileIdForType: a new credential never replaces another type', () => {
  test.each([
    ['a free id', {}, 'oauth', 'anthropic:default'],
    ['the same type (a re-login)', { 'anthropic:default': oauth }, 'oauth', 'anthropic:default'],
    ['an API key under the id', { 'anthropic:default': key }, 'oauth', 'anthropic:default-oauth'],
    ['a token under the id', { 'anthropic:default': token }, 'oauth', 'anthropic:default-oauth'],
    [
      'the beside id taken by yet another type',
      { 'anthropic:default': key, 'anthropic:default-oauth': token },
      'oauth',
      'anthropic:default-oauth-2',
    ],
    [
      'an OAuth login under the id, a key arriving',
      { 'anthropic:default': oauth },
      'api_key',
      'anthropic:default-key',
    ],
  ] as const)('%s', (_name, profiles, type, id) => {
    expect(profileIdForType(profiles, 'anthropic:default', type)).toBe(id);
  });

  test('inherited names are not profiles', () => {
    expect(profileIdForType({}, 'constructor', 'oauth')).toBe('constructor');
  });
});
