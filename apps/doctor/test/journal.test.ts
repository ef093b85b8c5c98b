import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { DAY, doctor, HOUR, NOW, STORE, setup } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

const JOURNAL = '.clawdbot/logs/auth-events.jsonl';

function event(at: number, fields: Record<string, unknown>): string {
  return JSON.stringify({
    time: new Date(at).toISOString(),
    host: 'gw1',
    pid: 4242,
    command: 'agent',
    agent: 'main',
    ...fields,
  });
}

function given(lines: string[]) {
  const s = setup();
  homes.push(s.home);
  s.home.write(STORE, { version: 1, profiles: {} });
  s.home.write(JOURNAL, `${lines.join('\n')}\n`);
  return s;
}

describe('doctor reads the auth event journal', () => {
  test('a forked grant: two refreshes of one generation, the second from another store, with the fix', async () => {
    const main = '/home/u/.clawdbot/agents/main/agent/auth-profiles.json';
    const work = '/home/u/.clawdbot/agents/work/agent/auth-profiles.json';
    const { ctx } = given([
      event(NOW - 3 * HOUR, {
        event: 'refreshed',
        profileId: 'anthropic:me',
        generation: 'aaaa1111',
        store: main,
      }),
      'garbage line',
      event(NOW - 2 * HOUR, {
        event: 'refreshed',
        profileId: 'anthropic:me',
        agent: 'work',
        generation: 'aaaa1111',
        store: work,
        host: 'gw2',
        command: 'models auth token',
      }),
      event(NOW - HOUR, {
        event: 'refreshed',
        profileId: 'anthropic:me',
        generation: 'bbbb2222',
        store: main,
      }),
    ]);
    const r = await doctor(ctx());
    const forked = r.findings.filter((f) => f.id === 'journal.forked-grant');
    expect(forked).toHaveLength(1);
    expect(forked[0]?.message).toContain('generation #aaaa1111');
    expect(forked[0]?.message).toContain(`from a second store, ${work}`);
    expect(forked[0]?.message).toContain('`models auth token` (pid 4242 on gw2, agent work)');
    expect(forked[0]?.fix).toBe(
      'clawdbot models auth remove --agent work --profile-id anthropic:me, then: clawdbot models auth login --provider anthropic',
    );
  });

  test('repeated cooldowns and why a profile died, each with the fix; an old or revived one is not reported', async () => {
    const cooldown = (h: number) =>
      event(NOW - h * HOUR, {
        event: 'cooldown-set',
        profileId: 'openai:key',
        cause: `rate_limit, error ${h}`,
      });
    const { ctx } = given([
      cooldown(5),
      cooldown(3),
      cooldown(1),
      event(NOW - 2 * DAY, { event: 'cooldown-set', profileId: 'openai:other' }),
      event(NOW - 4 * HOUR, {
        event: 'refresh-failed',
        profileId: 'anthropic:dead',
        generation: 'cccc3333',
        cause: 'invalid_grant (permanent)',
        command: 'models auth refresh',
      }),
      event(NOW - 4 * HOUR, {
        event: 'marked-dead',
        profileId: 'anthropic:dead',
        generation: 'cccc3333',
        cause: 'invalid_grant',
      }),
      event(NOW - 4 * HOUR, { event: 'marked-dead', profileId: 'anthropic:back', cause: 'invalid_grant' }),
      event(NOW - HOUR, { event: 'login', profileId: 'anthropic:back' }),
    ]);
    const r = await doctor(ctx());
    const repeated = r.findings.filter((f) => f.id === 'journal.repeated-cooldown');
    expect(repeated.map((f) => f.message)).toEqual([
      'openai:key was put in cooldown 3 times in the last 24h (last: rate_limit, error 1); the credential itself may be the problem',
    ]);
    expect(repeated[0]?.fix).toContain('clawdbot models status --probe --probe-profile openai:key');
    const dead = r.findings.filter((f) => f.id === 'journal.dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.message).toMatch(/^anthropic:dead died at .*invalid_grant.*`models auth refresh`/);
    expect(dead[0]?.fix).toBe('clawdbot models auth login --provider anthropic');
  });

  test('no journal: no finding, and doctor does not create one', async () => {
    const s = setup();
    homes.push(s.home);
    s.home.write(STORE, { version: 1, profiles: {} });
    const r = await doctor(s.ctx());
    expect(r.findings.filter((f) => f.id.startsWith('journal.'))).toEqual([]);
    expect(fs.existsSync(s.home.path(JOURNAL))).toBe(false);
  });
});
