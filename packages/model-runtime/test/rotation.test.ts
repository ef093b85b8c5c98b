import { fixtureSecret, modelStep } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { apiKey, harness, SESSIONS, STORE } from './helpers.js';

async function threeKeys(script?: Parameters<typeof harness>[0]['script']) {
  const keys = [
    fixtureSecret.anthropicApiKey(),
    fixtureSecret.anthropicApiKey(),
    fixtureSecret.anthropicApiKey(),
  ];
  const h = await harness({
    profiles: {
      'anthropic:a': apiKey(keys[0]!),
      'anthropic:b': apiKey(keys[1]!),
      'anthropic:c': apiKey(keys[2]!),
    },
    storeExtra: { order: { anthropic: ['anthropic:a', 'anthropic:b', 'anthropic:c'] } },
    ...(script ? { script } : {}),
  });
  return { h, keys };
}

describe('session credential choice', () => {
  test('the session keeps its profile across turns (stored as auto)', async () => {
    const { h, keys } = await threeKeys();

    await h.turn('one');
    await h.turn('two');

    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[0], keys[0]]);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:a',
      authProfileOverrideSource: 'auto',
    });
  });

  test('after a cooldown the session moves to the next available profile and keeps it', async () => {
    const { h, keys } = await threeKeys([
      modelStep.reply(),
      modelStep.rateLimit(),
      modelStep.reply(),
      modelStep.reply(),
    ]);

    await h.turn('one');
    await h.turn('two');
    await h.turn('three');

    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[0], keys[0], keys[1], keys[1]]);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:b',
      authProfileOverrideSource: 'auto',
    });
  });

  test('after a compaction the auto pin moves to the next profile in order', async () => {
    const { h, keys } = await threeKeys();
    await h.turn('one');
    const sessions = h.home.readJson<Record<string, Record<string, unknown>>>(SESSIONS);
    sessions['agent:main:main']!.compactionCount = 1;
    h.home.write(SESSIONS, sessions);

    await h.turn('two');
    await h.turn('three');

    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[0], keys[1], keys[1]]);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:b',
      authProfileOverrideCompactionCount: 1,
    });
  });

  test('a pin whose profile was removed is cleared, with a warning', async () => {
    const { h, keys } = await threeKeys();
    await h.turn('/model anthropic/claude-opus-4-5@anthropic:c');
    const store = h.store();
    delete store.profiles['anthropic:c'];
    h.home.write(STORE, { ...store, order: { anthropic: ['anthropic:a', 'anthropic:b'] } });

    await h.turn('hi');

    expect(h.warnings.some((w) => w.includes('anthropic:c') && w.includes('no longer exists'))).toBe(true);
    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[0]]);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:a',
      authProfileOverrideSource: 'auto',
    });
  });

  test('a pin no longer in the order is cleared', async () => {
    const { h, keys } = await threeKeys();
    await h.turn('/model anthropic/claude-opus-4-5@anthropic:c');
    h.home.write(STORE, { ...h.store(), order: { anthropic: ['anthropic:b', 'anthropic:a'] } });

    await h.turn('hi');

    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[1]]);
    expect(h.session()?.authProfileOverride).toBe('anthropic:b');
  });

  test('a user pin is never rotated: its failure goes to the next model, not another profile', async () => {
    const keys = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const oai = fixtureSecret.openaiApiKey();
    const h = await harness({
      profiles: {
        'anthropic:a': apiKey(keys[0]!),
        'anthropic:b': apiKey(keys[1]!),
        'openai:default': apiKey(oai, 'openai'),
      },
      config: {
        agents: {
          defaults: { model: { primary: 'anthropic/claude-opus-4-5', fallbacks: ['openai/gpt-5.2'] } },
        },
      },
      script: [modelStep.rateLimit(), modelStep.reply('openai answered')],
    });
    await h.turn('/model anthropic/claude-opus-4-5@anthropic:b');

    const result = await h.turn('hi');

    expect(result.model).toBe('openai/gpt-5.2');
    expect(h.server.requests.map((r) => r.credential)).toEqual([keys[1], oai]);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:b',
      authProfileOverrideSource: 'user',
    });
  });

  test.each([
    [
      'with a compaction count is auto: a cooldown moves it',
      { authProfileOverrideCompactionCount: 0 },
      'anthropic:b',
    ],
    ["without one is the user's: never rotated, next model", {}, undefined],
  ])('a pin without a source (older files) %s', async (_name, extra, expected) => {
    const { h } = await threeKeys([modelStep.reply()]);
    h.home.write(SESSIONS, {
      'agent:main:main': { sessionId: 's', updatedAt: 1, authProfileOverride: 'anthropic:a', ...extra },
    });
    h.home.write(STORE, {
      ...h.store(),
      usageStats: { 'anthropic:a': { cooldownUntil: Date.now() + 600_000, errorCount: 1 } },
    });

    const result = await h.turn('hi').catch((e: { code: string }) => e.code);

    expect(typeof result === 'string' ? result : result.profileId).toBe(expected ?? 'NO_CREDENTIAL');
  });
});
