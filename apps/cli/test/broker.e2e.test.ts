import { spawn } from 'node:child_process';
import {
  fixtureSecret,
  leakedSecrets,
  startFakeOAuthServer,
  type TempHome,
  watchChild,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, BIN, cli, HOUR, home, readStoreFile, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/auth/token.js');

const MIN = 60_000;
const NODE = process.execPath;

interface Journal {
  events: { event: string; profileId?: string; cause?: string; command: string; generation?: string }[];
  skipped: number;
}

async function journal(h: TempHome, args: string[] = []): Promise<Journal> {
  const r = await cli(h, ['models', 'auth', 'log', '--json', ...args]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Journal;
}

function seedKey(h: TempHome, provider = 'anthropic'): string {
  const key = provider === 'openai' ? fixtureSecret.openaiApiKey() : fixtureSecret.anthropicApiKey();
  h.write(STORE, { version: 1, profiles: { [`${provider}:work`]: { type: 'api_key', provider, key } } });
  return key;
}

function seedOAuth(h: TempHome, expires: number, extra: Record<string, unknown> = {}) {
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  h.write(STORE, {
    version: 1,
    profiles: { 'anthropic:work': { type: 'oauth', provider: 'anthropic', access, refresh, expires } },
    ...extra,
  });
  return { access, refresh };
}

describe('models auth token', () => {
  test('10 concurrent callers with --min-valid: one refresh, all get the same new token, only it on stdout', async () => {
    const server = await startFakeOAuthServer({ delayMs: 300 });
    afterThisTest(() => server.close());
    const h = home();
    // Valid for 20 more minutes: fine for a request, too short for --min-valid 30m.
    const { access, refresh } = seedOAuth(h, Date.now() + 20 * MIN);
    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        cli(h, ['models', 'auth', 'token', '--provider', 'anthropic', '--min-valid', '30m'], {
          env: server.env,
          secrets: [access, refresh],
          timeoutMs: 150_000, // ten CLIs starting at once on a small machine
        }),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
    expect(server.tokenRequestCount()).toBe(1);
    const stored = readStoreFile(h).profiles['anthropic:work'] as {
      access: string;
      refresh: string;
      expires: number;
    };
    expect(stored.expires).toBeGreaterThan(Date.now() + 30 * MIN);
    for (const r of runs) expect(r.stdout).toBe(`${stored.access}\n`);
    for (const r of runs) expect(leakedSecrets(r.stdout + r.stderr, [stored.refresh, refresh])).toEqual([]);
    const j = await journal(h);
    expect(j.events.filter((e) => e.event === 'refreshed')).toHaveLength(1);
    expect(j.events.filter((e) => e.event === 'token-issued')).toHaveLength(10);
    expect(j.events.find((e) => e.event === 'token-issued')?.command).toBe('models auth token');
  }, 180_000);

  test('--json: token, type, profileId, expiresAt and never the refresh token; a valid token is not refreshed', async () => {
    const server = await startFakeOAuthServer();
    afterThisTest(() => server.close());
    const h = home();
    const expires = Date.now() + 5 * HOUR;
    const { access, refresh } = seedOAuth(h, expires);
    const r = await cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:work', '--json'], {
      env: server.env,
      secrets: [refresh],
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      token: access,
      type: 'oauth',
      profileId: 'anthropic:work',
      expiresAt: new Date(expires).toISOString(),
    });
    expect(server.tokenRequestCount()).toBe(0);
  });

  test('an API key of the resolver winner; a key in the environment wins over nothing stored', async () => {
    const h = home();
    const key = seedKey(h);
    const r = await cli(h, ['models', 'auth', 'token', '--provider', 'anthropic'], { secrets: [] });
    expect(r).toMatchObject({ code: 0, stdout: `${key}\n` });
    const envKey = fixtureSecret.openaiApiKey();
    const e = await cli(h, ['models', 'auth', 'token', '--provider', 'openai', '--json'], {
      env: { OPENAI_API_KEY: envKey },
      secrets: [],
    });
    expect(JSON.parse(e.stdout)).toEqual({ token: envKey, type: 'api_key', profileId: 'OPENAI_API_KEY' });
  });

  test.each([
    ['no credential for the provider', ['--provider', 'openrouter'], /no usable credential for openrouter/],
    ['an unknown profile id', ['--profile-id', 'anthropic:nope'], /no profile anthropic:nope/],
    [
      'a profile of another provider',
      ['--provider', 'openai', '--profile-id', 'anthropic:work'],
      /belongs to anthropic, not to openai/,
    ],
    ['neither --provider nor --profile-id', [], /--provider <name>.*or --profile-id <id>/],
    ['a bad --min-valid', ['--provider', 'anthropic', '--min-valid', 'soon'], /invalid duration: soon/],
  ])('%s: exit 1, one error line and a hint, nothing on stdout', async (_name, args, message) => {
    const h = home();
    const key = seedKey(h);
    const r = await cli(h, ['models', 'auth', 'token', ...args], { secrets: [key] });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(r.stderr).toMatch(/run|use|drop/i);
  });

  test('a dead profile: exit 1 naming the login command, and no token request', async () => {
    const server = await startFakeOAuthServer();
    afterThisTest(() => server.close());
    const h = home();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    const { createHash } = await import('node:crypto');
    const fp = createHash('sha256').update(refresh).digest('hex').slice(0, 8);
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:work': {
          type: 'oauth',
          provider: 'anthropic',
          access: fixtureSecret.anthropicOAuthAccess(),
          refresh,
          expires: Date.now() - HOUR,
        },
      },
      clawdbot: {
        dead: { 'anthropic:work': { at: Date.now(), reason: 'invalid_grant', refreshFingerprint: fp } },
      },
    });
    const r = await cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:work'], {
      env: server.env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('clawdbot models auth login --provider anthropic');
    expect(server.tokenRequestCount()).toBe(0);
  });
});

/** Runs `clawdbot models auth exec ... -- <child>` as a real process we can signal. */
function spawnExec(h: TempHome, args: string[]) {
  const child = spawn(NODE, [BIN, 'models', 'auth', 'exec', ...args], {
    env: { ...h.env, CLAWDBOT_STATE_DIR: h.stateDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const w = watchChild(child);
  return {
    child,
    done: w.closed,
    out: () => w.state.out,
    err: () => w.state.err,
    waitFor: (text: string) => w.until((out) => out.includes(text), text),
  };
}

describe('models auth exec', () => {
  test('the child gets the provider variable only; a secret split across two writes is masked; the exit code passes', async () => {
    const h = home();
    const key = seedKey(h);
    const stray = fixtureSecret.openaiApiKey();
    h.write('.clawdbot/.env', `OPENAI_API_KEY=${stray}\n`);
    const script = [
      'const k = process.env.ANTHROPIC_API_KEY;',
      "process.stdout.write('first half: ' + k.slice(0, 20));",
      'setTimeout(() => {',
      "  process.stdout.write(k.slice(20) + ' :second half\\n');",
      "  process.stderr.write('err ' + k + '\\n');",
      "  process.stdout.write(JSON.stringify({ openai: process.env.OPENAI_API_KEY ?? null, oauth: process.env.ANTHROPIC_OAUTH_TOKEN ?? null }) + '\\n');",
      '  process.exit(7);',
      '}, 150);',
    ].join('\n');
    const r = await cli(h, ['models', 'auth', 'exec', '--provider', 'anthropic', '--', NODE, '-e', script], {
      secrets: [key, stray],
    });
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('first half: <concealed by clawdbot> :second half\n');
    expect(r.stderr).toContain('err <concealed by clawdbot>\n');
    expect(r.stdout).toContain('{"openai":null,"oauth":null}');
    expect(leakedSecrets(r.stdout + r.stderr, [key, stray])).toEqual([]);
    const j = await journal(h, ['--event', 'token-issued']);
    expect(j.events.map((e) => e.cause)).toEqual(['exec: node']);
  });

  test('SIGTERM to clawdbot reaches the child; clawdbot dies of the same signal; stdin is inherited', async () => {
    const h = home();
    seedKey(h);
    const script = [
      "process.stdin.once('data', (d) => process.stdout.write('stdin: ' + d));",
      "process.stdout.write('ready\\n');",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const run = spawnExec(h, ['--provider', 'anthropic', '--', NODE, '-e', script]);
    afterThisTest(() => run.child.kill('SIGKILL'));
    await run.waitFor('ready');
    run.child.stdin.write('hello\n');
    await run.waitFor('stdin: hello');
    run.child.kill('SIGTERM');
    expect(await run.done).toEqual({ code: null, signal: 'SIGTERM' });
  });

  test('a child that handles SIGTERM itself passes its own exit code', async () => {
    const h = home();
    seedKey(h);
    const script = [
      "process.on('SIGTERM', () => { process.stdout.write('cleaning up\\n'); process.exit(42); });",
      "process.stdout.write('ready\\n');",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const run = spawnExec(h, ['--provider', 'anthropic', '--', NODE, '-e', script]);
    afterThisTest(() => run.child.kill('SIGKILL'));
    await run.waitFor('ready');
    run.child.kill('SIGTERM');
    expect(await run.done).toEqual({ code: 42, signal: null });
    expect(run.out()).toContain('cleaning up');
  });

  test('without a command after --: usage error, exit 1, nothing journaled', async () => {
    const h = home();
    seedKey(h);
    const r = await cli(h, ['models', 'auth', 'exec', '--provider', 'anthropic', '--']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('exec needs a command after --');
    expect(h.exists('.clawdbot/logs/auth-events.jsonl')).toBe(false);
  });
});

describe('models auth log', () => {
  test('filters, newest last, and skips a line that does not parse with a count', async () => {
    const h = home();
    seedKey(h);
    await cli(h, ['models', 'auth', 'token', '--provider', 'anthropic'], { secrets: [] });
    await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:work']);
    h.write('.clawdbot/logs/auth-events.jsonl', `${h.read('.clawdbot/logs/auth-events.jsonl')}not json\n`);
    const r = await cli(h, ['models', 'auth', 'log', '--since', '1h']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/token-issued +anthropic:work .*\[models auth token pid \d+ on /);
    expect(lines[1]).toMatch(/removed +anthropic:work /);
    expect(r.stderr).toContain('skipped 1 journal line(s)');
    const j = await journal(h, ['--event', 'removed']);
    expect(j.events).toHaveLength(1);
    expect(j.skipped).toBe(1);
    const bad = await cli(h, ['models', 'auth', 'log', '--event', 'exploded']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Use one of: imported, synced');
  });
});
