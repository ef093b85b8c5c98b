import { describe, expect, test } from 'vitest';
import { errorJson, renderError } from '../src/errors.js';
import { EXIT, exitCodeFor } from '../src/exit-codes.js';

describe('exit codes (one table)', () => {
  test.each([
    [
      'a package error matched by shape, not class',
      { code: 'STORE_PARSE_FAILED', message: 'x', hint: 'y' },
      EXIT.FAILURE,
    ],
    [
      'an error class with a code',
      Object.assign(new RangeError('invalid duration: soon'), { code: 'INVALID_DURATION' }),
      EXIT.FAILURE,
    ],
    [
      'an oclif parse error (oclif would exit 2)',
      Object.assign(new Error('Nonexistent flag: --x'), { parse: {}, oclif: { exit: 2 } }),
      EXIT.FAILURE,
    ],
    ['an unknown throw (a bug)', new TypeError('boom'), EXIT.FAILURE],
    [
      'ExitError(2) from --check',
      Object.assign(new Error('EEXIT: 2'), { code: 'EEXIT', oclif: { exit: 2 } }),
      EXIT.CHECK_EXPIRING,
    ],
    ['ExitError(0)', Object.assign(new Error('EEXIT: 0'), { code: 'EEXIT', oclif: { exit: 0 } }), EXIT.OK],
  ])('%s', (_n, err, code) => {
    expect(exitCodeFor(err)).toBe(code);
  });
});

describe('error rendering', () => {
  test('a package error: one line naming what is wrong, then the command to run; no stack', () => {
    const err = Object.assign(
      new Error('/h/.clawdbot/agents/main/agent/auth-profiles.json: unexpected token at 1:5'),
      {
        code: 'STORE_PARSE_FAILED',
        hint: 'clawdbot doctor',
      },
    );
    expect(renderError(err)).toEqual([
      'Error: /h/.clawdbot/agents/main/agent/auth-profiles.json: unexpected token at 1:5',
      'Run: clawdbot doctor',
    ]);
  });

  test('oclif boilerplate is dropped and the flag is named with its dashes', () => {
    const err = Object.assign(
      new Error('The following error occurred:\n  Missing required flag provider\nSee more help with --help'),
      { parse: {} },
    );
    expect(renderError(err, { usage: 'clawdbot x --provider <name>' })).toEqual([
      'Error: Missing required flag --provider',
      'Usage: clawdbot x --provider <name>',
    ]);
  });

  test('paths under HOME are shown with ~; a hint that is a shell command reads Run: as typed', () => {
    const err = Object.assign(new Error('/home/u/.clawdbot/clawdbot.json:2:3: bad'), {
      code: 'X_FAILED',
      hint: 'npm install -g @anthropic-ai/claude-code, then: clawdbot models auth setup-token',
    });
    expect(renderError(err, { home: '/home/u' })).toEqual([
      'Error: ~/.clawdbot/clawdbot.json:2:3: bad',
      'Run: npm install -g @anthropic-ai/claude-code, then: clawdbot models auth setup-token',
    ]);
    expect(renderError(new Error('/home/user2/x'), { home: '/home/u' })[0]).toBe('Error: /home/user2/x');
  });

  test('a bug says so; the stack only with debug', () => {
    expect(renderError(new TypeError('boom'))[1]).toMatch(/bug/);
    expect(renderError(new TypeError('boom'), { debug: true }).join('\n')).toMatch(/TypeError: boom\n\s+at /);
  });
});

describe('errors raised before a command ran', () => {
  const ids = ['models:status', 'models:auth:list', 'doctor'];
  const notFound = (id: string) => Object.assign(new Error(`command ${id} not found`), { parse: {} });

  test.each([
    ['clawdbot', 'models:auth:list:extra', 'Unexpected argument "extra" for clawdbot models auth list'],
    ['clawdbot', 'models:nope', 'Unknown command: clawdbot models nope'],
    ['clawdbot-doctor', 'doctor:extra', 'Unexpected argument "extra" for clawdbot-doctor doctor'],
  ])('%s %s: %s', (bin, id, message) => {
    expect(renderError(notFound(id), { bin, commandIds: ids })[0]).toBe(`Error: ${message}`);
    expect(errorJson(notFound(id), { bin, commandIds: ids }).error.message).toBe(message);
  });
});
