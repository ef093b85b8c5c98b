import { describe, expect, test } from 'vitest';
import AuthToken from '../src/commands/models/auth/token.js';
import ModelsStatus from '../src/commands/models/status.js';
import { parseStatusArgv, parseTokenArgv, STATUS_FLAGS, TOKEN_FLAGS } from '../src/fast-path.js';

describe('fast path of models status', () => {
  test('declares exactly the flags of the oclif command (plus --json and --debug), with the same kinds', () => {
    const oclif = { ...ModelsStatus.baseFlags, ...ModelsStatus.flags, json: { type: 'boolean' } } as Record<
      string,
      { type: string; multiple?: boolean }
    >;
    expect(Object.keys(STATUS_FLAGS).sort()).toEqual(Object.keys(oclif).sort());
    for (const [name, spec] of Object.entries(STATUS_FLAGS)) {
      expect(spec.type === 'boolean', name).toBe(oclif[name]!.type === 'boolean');
      expect('multiple' in spec && spec.multiple === true, name).toBe(oclif[name]!.multiple === true);
    }
  });

  test.each([
    [['models', 'status'], {}],
    [
      ['models', 'status', '--check', '--json', '--agent', 'work'],
      { check: true, json: true, agent: 'work' },
    ],
    [['models', '--status-json'], { json: true }],
    [
      ['models', 'status', '--probe-profile', 'a:b', '--probe-profile', 'c:d'],
      { 'probe-profile': ['a:b', 'c:d'] },
    ],
  ])('takes %j', (argv, flags) => {
    expect(parseStatusArgv(argv)).toEqual(flags);
  });

  test.each([
    [['models', 'status', '--help']],
    [['models', 'status', '--bogus']],
    [['models', 'status', 'extra']],
    [['models', 'status', '--probe-timeout', 'abc']],
    [['models', 'auth', 'list']],
    [['--version']],
  ])('leaves %j to oclif (help, errors and other commands have one home)', (argv) => {
    expect(parseStatusArgv(argv)).toBeUndefined();
  });
});

describe('fast path of models auth token', () => {
  test('declares exactly the flags of the oclif command (plus --json and --debug), with the same kinds and default', () => {
    const oclif = { ...AuthToken.baseFlags, ...AuthToken.flags, json: { type: 'boolean' } } as Record<
      string,
      { type: string; default?: unknown }
    >;
    expect(Object.keys(TOKEN_FLAGS).sort()).toEqual(Object.keys(oclif).sort());
    for (const [name, spec] of Object.entries(TOKEN_FLAGS)) {
      expect(spec.type === 'boolean', name).toBe(oclif[name]!.type === 'boolean');
    }
    expect(TOKEN_FLAGS['min-valid'].default).toBe(oclif['min-valid']!.default);
  });

  test('takes the token command, leaves help and bad flags to oclif', () => {
    expect(parseTokenArgv(['models', 'auth', 'token', '--provider', 'anthropic', '--json'])).toEqual({
      provider: 'anthropic',
      json: true,
      'min-valid': '10m',
    });
    expect(parseTokenArgv(['models', 'auth', 'token', '--help'])).toBeUndefined();
    expect(parseTokenArgv(['models', 'auth', 'token', '--provider'])).toBeUndefined();
    expect(parseTokenArgv(['models', 'auth', 'token', 'extra'])).toBeUndefined();
    expect(parseTokenArgv(['models', 'auth', 'exec', '--provider', 'anthropic'])).toBeUndefined();
  });
});
