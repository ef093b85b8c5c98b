import { describe, expect, test } from 'vitest';
import { cli, home } from './helpers.js';

/** Usage errors: exit 1 (never 2), `Error:` naming the flag or argument, then the usage / help line. */
describe.concurrent('usage errors name the flag or argument', () => {
  test.each([
    [
      ['models', 'status', '--probe-timeout', 'abc'],
      'Error: Invalid value for --probe-timeout: Expected an integer',
    ],
    [
      ['models', 'auth', 'order', 'set', '--provider', 'anthropic'],
      'Error: Missing required argument <profileIds>',
    ],
    [['models', 'auth', 'order', 'set', '--provider'], 'Error: Flag --provider expects a value'],
    [['models', 'status', '--agent'], 'Error: Flag --agent expects a value'],
    [['models', 'auth', 'paste-token'], 'Error: Missing required flag --provider'],
    [['models', 'status', '--bogus'], 'Error: Nonexistent flag: --bogus'],
    [
      ['models', 'auth', 'paste-token', '--provider', ' '],
      'Error: Invalid value for --provider: a provider id',
    ],
    [
      ['models', 'auth', 'order', 'get', '--provider', ''],
      'Error: Invalid value for --provider: a provider id',
    ],
  ])('%j', async (args, want) => {
    const h = home();
    const r = await cli(h, args);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toContain(want);
    expect(r.stderr).not.toMatch(/bug in clawdbot/);
    expect(lines.at(-1)).toMatch(/^See: clawdbot .*--help$/);
    expect(h.listFiles()).toEqual([]);
  });

  test('an extra argument names it and the command whose help to read', async () => {
    const r = await cli(home(), ['models', 'auth', 'list', 'extra']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: Unexpected argument "extra" for clawdbot models auth list\nSee: clawdbot models auth list --help\n',
    );
  });

  test('an unknown command: one line with spaces, not oclif ids', async () => {
    const r = await cli(home(), ['nosuch', 'thing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Unknown command: clawdbot nosuch thing\nSee: clawdbot --help\n');
  });

  test.each([
    [['models', 'nope', '--json'], 'Unknown command: clawdbot models nope', 'clawdbot models --help'],
    [['nosuch', '--json'], 'Unknown command: clawdbot nosuch', 'clawdbot --help'],
    [
      ['models', 'auth', 'list', 'extra', '--json'],
      'Unexpected argument "extra" for clawdbot models auth list',
      'clawdbot models auth list --help',
    ],
  ])('with --json, %j gives one JSON error document on stdout too', async (args, message, hint) => {
    const r = await cli(home(), args);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'USAGE', message, hint } });
    expect(r.stderr).toBe(`Error: ${message}\nSee: ${hint}\n`);
  });

  test('an unknown command without --json leaves stdout empty', async () => {
    const r = await cli(home(), ['models', 'nope', '--', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  test('with --json a bad flag value gives one JSON error document on stdout', async () => {
    const r = await cli(home(), ['models', 'auth', 'order', 'set', '--provider', 'anthropic', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'USAGE', message: 'Missing required argument <profileIds>' },
    });
  });
});

test('onboard --auth-choice token without --token: the hint is a full command to run', async () => {
  const h = home();
  const r = await cli(h, [
    'onboard',
    '--non-interactive',
    '--accept-risk',
    '--auth-choice',
    'token',
    '--token-provider',
    'anthropic',
  ]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    'Error: --auth-choice token needs --token (or --token - to read stdin)\nRun: clawdbot onboard --non-interactive --accept-risk --auth-choice token --token-provider anthropic --token - < token.txt\n',
  );
  expect(h.listFiles()).toEqual([]);
});
