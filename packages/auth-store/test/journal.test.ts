import fs from 'node:fs';
import { fixtureSecret, leakedWindows } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import {
  type AuthEvent,
  authEventsPath,
  clearCooldown,
  clearOrder,
  fingerprint,
  JOURNAL_MAX_BYTES,
  markDead,
  markFailure,
  markSuccess,
  readAuthEvents,
  readStore,
  recordAuthEvent,
  removeProfile,
  setOrder,
  upsertProfile,
} from '../src/index.js';
import { modeOf, runWorker, useTempStores } from './store-helpers.js';

const setup = useTempStores();

function journalLines(file: string): AuthEvent[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuthEvent);
}

describe('auth event journal', () => {
  test('every store event is written once, with who/what/why and no secret bytes', async () => {
    const { ctx, home } = setup();
    ctx.command = 'test command';
    const key = fixtureSecret.anthropicApiKey();
    const access = fixtureSecret.anthropicOAuthAccess();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    const legacyKey = fixtureSecret.openaiApiKey();
    home.write('.clawdbot/agents/main/agent/auth.json', { openai: { type: 'api_key', key: legacyKey } });
    await readStore(ctx, 'main'); // imports the legacy file
    await upsertProfile(ctx, 'main', 'anthropic:key', { type: 'api_key', provider: 'anthropic', key });
    await upsertProfile(ctx, 'main', 'anthropic:oauth', {
      type: 'oauth',
      provider: 'anthropic',
      access,
      refresh,
      expires: ctx.now() + 3_600_000,
    });
    await markFailure(ctx, 'main', 'anthropic:key', 'rate_limit');
    await markSuccess(ctx, 'main', 'anthropic:key'); // clears the cooldown
    await markSuccess(ctx, 'main', 'anthropic:key'); // nothing to clear: no event
    await markFailure(ctx, 'main', 'anthropic:key', 'billing');
    await clearCooldown(ctx, 'main', { profileId: 'anthropic:key' });
    await markDead(ctx, 'main', 'anthropic:oauth', {
      reason: 'invalid_grant',
      refreshFingerprint: fingerprint(refresh),
    });
    await setOrder(ctx, 'main', 'anthropic', ['anthropic:key']);
    await clearOrder(ctx, 'main', 'anthropic');
    await clearOrder(ctx, 'main', 'anthropic'); // nothing to clear: no event
    await removeProfile(ctx, 'main', 'anthropic:key');
    await removeProfile(ctx, 'main', 'anthropic:oauth', { tombstone: fingerprint(refresh) });

    const file = authEventsPath(ctx);
    expect(file).toBe(home.path('.clawdbot/logs/auth-events.jsonl'));
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(home.path('.clawdbot/logs'))).toBe(0o700);
    const events = journalLines(file);
    expect(events.map((e) => e.event)).toEqual([
      'imported',
      'cooldown-set',
      'cooldown-cleared',
      'disabled',
      'cooldown-cleared',
      'marked-dead',
      'order-changed',
      'order-changed',
      'removed',
      'tombstoned',
    ]);
    for (const e of events) {
      expect(e).toMatchObject({
        host: expect.any(String),
        pid: process.pid,
        command: 'test command',
        agent: 'main',
      });
      expect(Date.parse(e.time)).toBe(ctx.now());
    }
    expect(events[0]).toMatchObject({ profileId: 'openai:default', fingerprint: fingerprint(legacyKey) });
    expect(events[1]?.cause).toMatch(/^rate_limit, error 1, until /);
    expect(events[3]?.cause).toMatch(/^billing until /);
    expect(events[5]).toMatchObject({
      profileId: 'anthropic:oauth',
      cause: 'invalid_grant',
      generation: fingerprint(refresh),
    });
    expect(events[6]?.cause).toBe('anthropic: anthropic:key');
    expect(events[9]).toMatchObject({ fingerprint: fingerprint(access), generation: fingerprint(refresh) });
    const text = fs.readFileSync(file, 'utf8');
    expect(leakedWindows(text, [key, access, refresh, legacyKey])).toEqual([]);
  });

  test('a secret-looking cause is redacted before it is written', () => {
    const { ctx } = setup();
    const leaked = fixtureSecret.anthropicApiKey();
    recordAuthEvent(ctx, {
      event: 'refresh-failed',
      profileId: 'anthropic:x',
      cause: `server said: bad key ${leaked}`,
    });
    const text = fs.readFileSync(authEventsPath(ctx), 'utf8');
    expect(text).toContain('server said: bad key');
    expect(leakedWindows(text, [leaked])).toEqual([]);
  });

  test('a full journal rotates: the current file becomes .1, .1 becomes .2, three files at most', async () => {
    const { ctx } = setup();
    const file = authEventsPath(ctx);
    recordAuthEvent(ctx, { event: 'login', profileId: 'anthropic:first' });
    const big = Buffer.alloc(JOURNAL_MAX_BYTES, 'x'); // not JSON: an old, full file
    fs.writeFileSync(`${file}.1`, 'older\n');
    fs.appendFileSync(file, big);
    recordAuthEvent(ctx, { event: 'login', profileId: 'anthropic:second' });
    expect(fs.statSync(`${file}.1`).size).toBeGreaterThanOrEqual(JOURNAL_MAX_BYTES);
    expect(fs.readFileSync(`${file}.2`, 'utf8')).toBe('older\n');
    expect(journalLines(file).map((e) => e.profileId)).toEqual(['anthropic:second']);
    expect(modeOf(file)).toBe(0o600);
    // Again: the oldest (.2) goes, never a fourth file.
    fs.appendFileSync(file, big);
    recordAuthEvent(ctx, { event: 'login', profileId: 'anthropic:third' });
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    const head = (f: string) => fs.readFileSync(f, 'utf8').slice(0, 300);
    expect(head(`${file}.2`)).toMatch(/"anthropic:first"/);
    expect(head(`${file}.1`)).toMatch(/"anthropic:second"/);
    // The reader goes through every file, oldest first, and counts what does not parse.
    const read = await readAuthEvents(ctx);
    expect(read.events.map((e) => e.profileId)).toEqual([
      'anthropic:first',
      'anthropic:second',
      'anthropic:third',
    ]);
    expect(read.skipped).toBe(2); // the 10 MiB runs of x
  });

  test('reading filters by time, profile and event, skipping lines that do not parse', async () => {
    const { ctx, home } = setup();
    let now = ctx.now();
    ctx.now = () => now;
    recordAuthEvent(ctx, { event: 'login', profileId: 'anthropic:a' });
    fs.appendFileSync(authEventsPath(ctx), '{"half a line\nnot json\n');
    now += 3_600_000;
    recordAuthEvent(ctx, { event: 'refreshed', profileId: 'anthropic:a' });
    recordAuthEvent(ctx, { event: 'refreshed', profileId: 'openai:b' });
    const all = await readAuthEvents(ctx);
    expect(all.skipped).toBe(2);
    expect(all.events).toHaveLength(3);
    expect((await readAuthEvents(ctx, { since: now - 60_000 })).events).toHaveLength(2);
    expect((await readAuthEvents(ctx, { profileId: 'anthropic:a' })).events).toHaveLength(2);
    const refreshed = await readAuthEvents(ctx, { event: 'refreshed', profileId: 'anthropic:a' });
    expect(refreshed.events.map((e) => e.profileId)).toEqual(['anthropic:a']);
    home.cleanup();
    expect(await readAuthEvents(ctx)).toEqual({ events: [], skipped: 0, files: [] });
  });

  test('an unwritable journal never fails the mutation and is reported once on stderr', async () => {
    const { home } = setup();
    // A file where the logs dir should be: mkdir fails whoever runs the test (root included).
    home.write('.clawdbot/logs', 'not a dir');
    const run = await runWorker(home.env, ['failures', 'anthropic:k', '3']);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((w) => w.includes('auth event journal'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(home.path('.clawdbot/logs/auth-events.jsonl'));
    const store = home.readJson<{ usageStats: Record<string, { errorCount: number }> }>(
      '.clawdbot/agents/main/agent/auth-profiles.json',
    );
    expect(store.usageStats['anthropic:k']?.errorCount).toBe(3);
  });

  test('lines of concurrent processes never interleave', async () => {
    const { ctx, home } = setup();
    const runs = await Promise.all([1, 2, 3, 4].map(() => runWorker(home.env, ['events', '200'])));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const read = await readAuthEvents(ctx);
    expect(read.skipped).toBe(0);
    expect(read.events).toHaveLength(800);
    expect(new Set(read.events.map((e) => e.pid)).size).toBe(4);
  });
});
