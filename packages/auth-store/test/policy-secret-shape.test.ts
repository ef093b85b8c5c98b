import { describe, expect, test } from 'vitest';
import { looksLikeSecret, secretArguments } from '../src/index.js';

describe('looksLikeSecret', () => {
  test.each([
    'sk-ant-api03-AbCdEfGhIjKlMnOp',
    'sk-ant-oat01-xyzXYZ0123456789',
    'sk-proj-abcdefghijklmnop',
    'ghp_abcdefghijklmnopqrstuvwx',
    'xoxb-1234567890-abcdefghij',
    'AIzaSyA1234567890abcdefghijklmnopqrstu',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlMTIz',
    'q7Vx2Lm9Tz4Rb8Nw1Kc6Hd3Jf5Gs0Pa',
    '3f9a0c1e7b2d4a6f8e0c2b4d6f8a0c1e',
  ])('%s is a secret', (value) => {
    expect(looksLikeSecret(value)).toBe(true);
  });

  test.each([
    'anthropic',
    'anthropic:work',
    'anthropic:claude-cli',
    'anthropic:me@example.com',
    'openai-codex:codex-cli',
    '/home/ada/.clawdbot/agents/main',
    '~/.clawdbot/.env',
    'https://api.anthropic.com/v1',
    'claude-opus-4-5-20251101',
    'anthropic/claude-opus-4-5',
    'work-laptop-2024-backup',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1',
    '365d',
  ])('%s is not', (value) => {
    expect(looksLikeSecret(value)).toBe(false);
  });

  test('secretArguments finds whole arguments and --flag=value values, once each', () => {
    const key = 'sk-ant-api03-AbCdEfGhIjKlMnOp';
    expect(
      secretArguments([
        'models',
        'auth',
        'paste-token',
        key,
        `--profile-id=${key}`,
        '--provider',
        'anthropic',
      ]),
    ).toEqual([key]);
    expect(secretArguments(['models', 'status', '--agent', 'main', '--json'])).toEqual([]);
  });
});
