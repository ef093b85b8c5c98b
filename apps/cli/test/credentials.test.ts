import { describe, expect, test } from 'vitest';
import { normalizeSecret, parseDuration, resolveProfileId } from '../src/services/auth/credentials.js';

describe('paste-token input rules', () => {
  test.each([
    ['30m', 30 * 60_000],
    ['12h', 12 * 3_600_000],
    ['365d', 365 * 86_400_000],
    ['1w', 7 * 86_400_000],
    ['30', 30 * 86_400_000],
  ])('duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['soon', '', '0d', '-1h', '1y'])('invalid duration %j is INVALID_DURATION', (text) => {
    expect(() => parseDuration(text)).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION', message: `invalid duration: ${text}` }),
    );
  });

  test('all whitespace and line breaks are removed; empty and code#state are rejected', () => {
    expect(normalizeSecret(' ab\r\ncd\n ef \t', 'anthropic')).toBe('abcdef');
    expect(() => normalizeSecret(' \r\n', 'anthropic')).toThrow(
      expect.objectContaining({ code: 'EMPTY_TOKEN' }),
    );
    expect(() => normalizeSecret('code#state', 'anthropic')).toThrow(
      expect.objectContaining({ code: 'TOKEN_LOOKS_LIKE_OAUTH_CODE' }),
    );
  });

  test.each([
    ['NUL', 'abc\u0000def'],
    ['escape', 'abc\u001b[31mdef'],
    ['DEL', 'abc\u007fdef'],
    ['C1 control', 'abc\u009bdef'],
    ['Latin-1 letter', 'abc\u00e9def'],
    ['emoji', 'abc\u{1f511}def'],
  ])('a token with a %s is refused at input, not sent to fail later', (_n, raw) => {
    expect(() => normalizeSecret(raw, 'anthropic')).toThrow(
      expect.objectContaining({ code: 'TOKEN_BAD_CHARACTER' }),
    );
  });

  test('profile ids default to <provider>:manual and must belong to the provider', () => {
    expect(resolveProfileId('anthropic', undefined)).toBe('anthropic:manual');
    expect(resolveProfileId('anthropic', 'Anthropic:Work')).toBe('anthropic:Work');
    expect(resolveProfileId('anthropic', 'work')).toBe('anthropic:work');
    expect(() => resolveProfileId('anthropic', 'openai:wrong')).toThrow(
      expect.objectContaining({ code: 'PROFILE_PROVIDER_MISMATCH' }),
    );
  });
});
