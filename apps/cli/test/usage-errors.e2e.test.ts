import { fixtureSecret, runCli } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home } from './helpers.js';

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

describe('clawdbot doctor behaves like every other command', () => {
  test('--json --bogus: exit 1 and the small { error } document, not oclif internals', async () => {
    const r = await cli(home(), ['doctor', '--json', '--bogus']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'USAGE', message: 'Nonexistent flag: --bogus' } });
    expect(r.stderr.split('\n')[0]).toBe('Error: Nonexistent flag: --bogus');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('See: clawdbot doctor --help');
  });

  test('a closed pipe (| head -1) ends quietly with the status of the run', async () => {
    const h = home();
    h.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`);
    const r = await runCli(['doctor'], { home: h.home, env: h.env, stdoutClosed: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning|Error|EPIPE/);
  });

  test('models status into a closed pipe ends quietly too', async () => {
    const r = await runCli(['models', 'status'], { home: home().home, stdoutClosed: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning|Error|EPIPE/);
  });
});

describe('one rule per id kind: an invalid id is the same usage error in every command', () => {
  const agentError = (raw: string, source = '--agent') =>
    `Error: Invalid agent id ${JSON.stringify(raw)} (${source}): use letters, digits, - and _ (for example main)`;

  test.each(['../Evil', '/tmp/x', 'Ünïcode'])(
    '--agent %j: status (both paths), list and doctor agree',
    async (raw) => {
      const h = home();
      const runs = await Promise.all([
        cli(h, ['models', 'status', '--agent', raw]),
        cli(h, ['models', 'status', '--agent', raw], { env: { CLAWDBOT_NO_FAST_PATH: '1' } }),
        cli(h, ['models', 'auth', 'list', '--agent', raw]),
        cli(h, ['doctor', '--agent', raw]),
      ]);
      for (const r of runs) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.split('\n')[0]).toBe(agentError(raw));
        expect(r.stdout).toBe('');
      }
      expect(h.listFiles()).toEqual([]);
    },
  );

  test('an agent id from the config is validated like --agent', async () => {
    const h = home();
    h.write(CONFIG, JSON.stringify({ agents: { list: [{ id: '../evil', default: true }] } }));
    const r = await cli(h, ['models', 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(agentError('../evil', 'agents.list[0].id in the config'));
    expect(h.listFiles()).toEqual([CONFIG]);
  });

  test.each([
    [
      ['models', 'auth', 'paste-token', '--provider', '__proto__'],
      'Error: Invalid provider id "__proto__" (--provider)',
    ],
    [
      ['models', 'auth', 'order', 'get', '--provider', 'constructor'],
      'Error: Invalid provider id "constructor" (--provider)',
    ],
    [
      ['models', 'auth', 'order', 'set', '--provider', 'anthropic', '__proto__'],
      'Error: Invalid profile id "__proto__"',
    ],
    [
      ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:prototype'],
      'Error: Invalid profile id',
    ],
  ])('%j is refused, nothing written', async (args, want) => {
    const h = home();
    const r = await cli(h, args, { stdin: 'sk-ant-api03-x' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split('\n')[0]).toContain(want);
    expect(h.listFiles()).toEqual([]);
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
