import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '@clawdbot-auth/env-loader';
import { fixtureSecret, makeTempHome } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { readSession, resolveSessionsPath, updateSession } from '../src/index.js';
import { apiKey, harness, SESSIONS } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function tempCtx() {
  const home = makeTempHome({ prefix: 'sessions-' });
  homes.push(home);
  return {
    home,
    ctx: createContext({
      env: { ...home.env },
      homedir: home.home,
      cwd: home.home,
      now: () => 1_700_000_000_000,
    }),
  };
}

describe('sessions.json', () => {
  test('lives under <state>/agents/<id>/sessions, dirs 0700, file 0600', async () => {
    const { home, ctx } = tempCtx();

    await updateSession(ctx, 'main', 'agent:main:main', () => ({ sessionId: 's1', updatedAt: 1 }));

    const file = resolveSessionsPath(ctx, 'main');
    expect(file).toBe(path.join(home.stateDir, 'agents/main/sessions/sessions.json'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  test('unknown keys of the changed entry and other entries are kept', async () => {
    const { home, ctx } = tempCtx();
    home.write(SESSIONS, {
      'agent:main:main': { sessionId: 's1', updatedAt: 1, chatType: 'direct', inputTokens: 12 },
      'agent:main:other': { sessionId: 's2', updatedAt: 2, origin: { channel: 'telegram' } },
    });

    await updateSession(ctx, 'main', 'agent:main:main', (cur) => ({
      ...cur!,
      modelOverride: 'claude-sonnet-4-5',
      updatedAt: 3,
    }));

    expect(home.readJson(SESSIONS)).toEqual({
      'agent:main:main': {
        sessionId: 's1',
        updatedAt: 3,
        chatType: 'direct',
        inputTokens: 12,
        modelOverride: 'claude-sonnet-4-5',
      },
      'agent:main:other': { sessionId: 's2', updatedAt: 2, origin: { channel: 'telegram' } },
    });
  });

  test('concurrent writers in one process lose no change', async () => {
    const { ctx } = tempCtx();
    const bump = (key: string) =>
      updateSession(ctx, 'main', key, (cur) => ({
        sessionId: 's',
        ...cur,
        updatedAt: 1,
        compactionCount: (cur?.compactionCount ?? 0) + 1,
      }));

    await Promise.all(
      [...Array(20)].flatMap((_, i) => [bump('agent:main:shared'), bump(`agent:main:k${i}`)]),
    );

    expect((await readSession(ctx, 'main', 'agent:main:shared'))?.compactionCount).toBe(20);
    for (let i = 0; i < 20; i++) expect(await readSession(ctx, 'main', `agent:main:k${i}`)).toBeDefined();
  });

  test('an unparsable sessions.json is never overwritten: SESSIONS_PARSE_FAILED and a copy kept', async () => {
    const h = await harness({ profiles: { 'anthropic:a': apiKey(fixtureSecret.anthropicApiKey()) } });
    h.home.write(SESSIONS, '{ "agent:main:main": { "sessionId": ');

    await expect(h.turn('hi')).rejects.toMatchObject({
      code: 'SESSIONS_PARSE_FAILED',
      path: h.home.path(SESSIONS),
    });

    expect(h.home.read(SESSIONS)).toBe('{ "agent:main:main": { "sessionId": ');
    expect(h.home.listFiles().some((f) => f.includes('sessions.json.corrupt-'))).toBe(true);
    expect(h.server.requests).toHaveLength(0);
  });

  test('a turn records sessionId, updatedAt and the auto pin, keeping upstream keys', async () => {
    const h = await harness({
      profiles: { 'anthropic:a': apiKey(fixtureSecret.anthropicApiKey()) },
      now: () => 1_800_000_000_000,
    });
    h.home.write(SESSIONS, {
      'agent:main:main': { sessionId: 'abc', updatedAt: 5, lastChannel: 'whatsapp' },
    });

    const result = await h.turn('hi');

    expect(result.sessionId).toBe('abc');
    expect(h.session()).toEqual({
      sessionId: 'abc',
      updatedAt: 1_800_000_000_000,
      lastChannel: 'whatsapp',
      authProfileOverride: 'anthropic:a',
      authProfileOverrideSource: 'auto',
      authProfileOverrideCompactionCount: 0,
    });
  });

  test('another agent keeps its own sessions under agent:<id>:main and reads the main store through', async () => {
    const k = fixtureSecret.anthropicApiKey();
    const h = await harness({ profiles: { 'anthropic:a': apiKey(k) } });

    const result = await h.turn('hi', { agentId: 'work' });

    expect(result).toMatchObject({
      agentId: 'work',
      sessionKey: 'agent:work:main',
      profileId: 'anthropic:a',
    });
    expect(h.server.requests[0]?.credential).toBe(k);
    const sessions = h.home.readJson<Record<string, unknown>>('.clawdbot/agents/work/sessions/sessions.json');
    expect(Object.keys(sessions)).toEqual(['agent:work:main']);
    expect(h.home.exists(SESSIONS)).toBe(false);
  });
});
