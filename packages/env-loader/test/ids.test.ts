import { describe, expect, test } from 'vitest';
import { isValidAgentId, normalizeAgentId, normalizeProfileId, normalizeProviderId } from '../src/index.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('agent ids: one rule, a path segment under <state>/agents', () => {
  test.each([
    ['main', 'main'],
    [' Work ', 'work'],
    ['team_2-b', 'team_2-b'],
  ])('%j -> %j', (raw, id) => {
    expect(normalizeAgentId(raw)).toBe(id);
    expect(isValidAgentId(raw)).toBe(true);
  });

  test.each([
    '../Evil',
    '..',
    '/etc',
    'a/b',
    'a\\b',
    'Ünïcode',
    'wörk',
    '',
    '  ',
    '__proto__',
    'constructor',
    '-x',
    '.hidden',
  ])('%j is a usage error, never rewritten to another agent', (raw) => {
    expect(codeOf(() => normalizeAgentId(raw))).toBe('INVALID_AGENT_ID');
    expect(isValidAgentId(raw)).toBe(false);
  });

  test('the message names the id and where it came from', () => {
    expect(() => normalizeAgentId('../Evil', 'agents.list[0].id in the config')).toThrow(
      'Invalid agent id "../Evil" (agents.list[0].id in the config)',
    );
  });
});

describe('provider ids', () => {
  test.each([
    ['Anthropic', 'anthropic'],
    ['z.ai', 'zai'],
    [' openai ', 'openai'],
  ])('%j -> %j', (raw, id) => expect(normalizeProviderId(raw)).toBe(id));

  test.each(['__proto__', 'constructor', 'prototype', 'CONSTRUCTOR', '', 'a:b', 'a/b', 'ántropic'])(
    '%j is rejected',
    (raw) => expect(codeOf(() => normalizeProviderId(raw))).toBe('INVALID_PROVIDER_ID'),
  );
});

describe('profile ids', () => {
  test.each([
    ['Anthropic:Work', 'anthropic:Work'],
    ['anthropic:claude-cli', 'anthropic:claude-cli'],
    ['OpenAI', 'openai'],
  ])('%j -> %j', (raw, id) => expect(normalizeProfileId(raw)).toBe(id));

  test.each([
    '__proto__',
    'constructor',
    'prototype',
    '__proto__:x',
    'anthropic:__proto__',
    'anthropic:',
    ':x',
    '',
  ])('%j is rejected', (raw) => expect(codeOf(() => normalizeProfileId(raw))).toBe('INVALID_PROFILE_ID'));
});
