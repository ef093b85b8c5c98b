import { fixtureSecret, leakedSecrets } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { apiKey, harness, SESSIONS } from './helpers.js';

const config = {
  agents: {
    defaults: {
      model: { primary: 'anthropic/claude-opus-4-5' },
      models: {
        'anthropic/claude-opus-4-5': { alias: 'opus' },
        'anthropic/claude-sonnet-4-5': { alias: 'sonnet' },
        'openai/gpt-5.2': {},
      },
    },
  },
};

async function setup() {
  const keys = {
    def: fixtureSecret.anthropicApiKey(),
    work: fixtureSecret.anthropicApiKey(),
    oai: fixtureSecret.openaiApiKey(),
  };
  const h = await harness({
    config,
    profiles: {
      'anthropic:default': apiKey(keys.def),
      'anthropic:work': apiKey(keys.work),
      'openai:default': apiKey(keys.oai, 'openai'),
    },
    storeExtra: { order: { anthropic: ['anthropic:default', 'anthropic:work'] } },
  });
  return { h, keys };
}

describe('/model directives', () => {
  test('/model list: numbered allowed models with aliases and providers with a usable credential', async () => {
    const { h } = await setup();

    const result = await h.turn('/model list');

    expect(result.reply).toBeUndefined();
    expect(result.ack).toContain('1. anthropic/claude-opus-4-5 (opus)  <- current');
    expect(result.ack).toContain('2. anthropic/claude-sonnet-4-5 (sonnet)');
    expect(result.ack).toContain('3. openai/gpt-5.2');
    expect(result.ack).toContain('Providers with a usable credential: anthropic, openai');
    expect(h.server.requests).toHaveLength(0);
  });

  test('without agents.defaults.models the list is the default model and its fallbacks', async () => {
    const h = await harness({
      config: { agents: { defaults: { model: { fallbacks: ['openai/gpt-5.2'] } } } },
    });

    const result = await h.turn('/model');

    expect(result.ack).toContain('1. anthropic/claude-opus-4-5  <- current');
    expect(result.ack).toContain('2. openai/gpt-5.2');
    expect(result.ack).toContain('Providers with a usable credential: none');
  });

  test('/model 2 persists the model; the next turn uses it', async () => {
    const { h } = await setup();

    const ack = await h.turn('/model 2');
    const result = await h.turn('hi');

    expect(ack.ack).toBe('Model set to anthropic/claude-sonnet-4-5.');
    expect(h.session()).toMatchObject({ providerOverride: 'anthropic', modelOverride: 'claude-sonnet-4-5' });
    expect(result.model).toBe('anthropic/claude-sonnet-4-5');
    expect(h.server.requests[0]?.body).toMatchObject({ model: 'claude-sonnet-4-5' });
  });

  test('/model opus@anthropic:work pins the profile (user); turns use it ahead of the order', async () => {
    const { h, keys } = await setup();

    const ack = await h.turn('/model opus@anthropic:work');
    await h.turn('hi');
    await h.turn('again');

    expect(ack.ack).toContain('credential pinned to anthropic:work');
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:work',
      authProfileOverrideSource: 'user',
    });
    expect(h.server.requests.map((r) => r.credential)).toEqual([keys.work, keys.work]);
  });

  test.each([
    ['opus@openai:default', 'PROFILE_PROVIDER_MISMATCH'],
    ['opus@anthropic:nope', 'PROFILE_NOT_FOUND'],
    ['9', 'MODEL_UNKNOWN'],
    ['haiku', 'MODEL_UNKNOWN'],
    ['openai/gpt-4o', 'MODEL_NOT_ALLOWED'],
  ])('/model %s fails with %s and changes nothing', async (arg, code) => {
    const { h } = await setup();
    await h.turn('/model 2');
    const before = h.home.read(SESSIONS);

    await expect(h.turn(`/model ${arg}`)).rejects.toMatchObject({ code });
    expect(h.home.read(SESSIONS)).toBe(before);
  });

  test('/model status: model, API and base URL, candidates in order, which goes next and why', async () => {
    const { h, keys } = await setup();
    await h.turn('/model sonnet@anthropic:work');

    const result = await h.turn('/model status');

    const ack = result.ack ?? '';
    expect(ack).toContain('Model: anthropic/claude-sonnet-4-5 (session override)');
    expect(ack).toContain(
      `API: anthropic-messages at ${h.server.url} (base URL from env: ANTHROPIC_BASE_URL)`,
    );
    expect(ack).toMatch(/1\. anthropic:work {2}api_key, store, usable, pinned \(user\).*<- next/);
    expect(ack).toMatch(/2\. anthropic:default {2}api_key, store, usable/);
    expect(ack).toContain('Next: anthropic:work (pinned by you (anthropic:work))');
    expect(leakedSecrets(ack, Object.values(keys))).toEqual([]);
  });

  test('/new: fresh session id, a user pin is kept and the acknowledgement says so', async () => {
    const { h } = await setup();
    await h.turn('/model opus@anthropic:work');
    const before = h.session()?.sessionId;

    const result = await h.turn('/new');

    expect(h.session()?.sessionId).not.toBe(before);
    expect(result.ack).toContain('Kept your pinned credential anthropic:work');
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:work',
      authProfileOverrideSource: 'user',
    });
  });

  test('/reset drops an auto pin', async () => {
    const { h } = await setup();
    await h.turn('hi');
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:default',
      authProfileOverrideSource: 'auto',
    });

    const result = await h.turn('/reset');

    expect(result.ack).not.toContain('Kept');
    expect(h.session()?.authProfileOverride).toBeUndefined();
  });

  test('a directive inside a normal message applies to that turn only', async () => {
    const { h, keys } = await setup();

    const result = await h.turn('/model openai/gpt-5.2\nwhat is 2+2?');

    expect(result.model).toBe('openai/gpt-5.2');
    expect(h.server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(h.server.requests[0]?.credential).toBe(keys.oai);
    expect(h.server.requests[0]?.body).toMatchObject({
      messages: [{ role: 'user', content: 'what is 2+2?' }],
    });
    expect(h.session()?.modelOverride).toBeUndefined();
  });

  test('the model option (--model) takes an alias and a pin for this turn only', async () => {
    const { h, keys } = await setup();

    const result = await h.turn('hi', { model: 'sonnet@anthropic:work' });

    expect(result.model).toBe('anthropic/claude-sonnet-4-5');
    expect(h.server.requests[0]?.credential).toBe(keys.work);
    expect(h.session()?.modelOverride).toBeUndefined();
    expect(h.session()?.authProfileOverrideSource).toBeUndefined();
    await expect(h.turn('hi', { model: 'list' })).rejects.toMatchObject({ code: 'DIRECTIVE_INVALID' });
  });

  test('/model status says which profiles a cooldown put behind the next one', async () => {
    const h = await harness({
      profiles: {
        'anthropic:a': apiKey(fixtureSecret.anthropicApiKey()),
        'anthropic:b': apiKey(fixtureSecret.anthropicApiKey()),
      },
      storeExtra: {
        order: { anthropic: ['anthropic:a', 'anthropic:b'] },
        usageStats: { 'anthropic:a': { cooldownUntil: Date.UTC(2030, 0, 1), errorCount: 1 } },
      },
    });

    const { ack } = await h.turn('/model status');

    expect(ack).toMatch(/1\. anthropic:b {2}api_key, store, usable .*<- next/);
    expect(ack).toMatch(/2\. anthropic:a {2}api_key, store, cooldown until 2030-01-01T00:00:00Z/);
    expect(ack).toContain(
      'Next: anthropic:b (first available in the agent order (models auth order); anthropic:a in cooldown until 2030-01-01T00:00:00.000Z)',
    );
  });

  test('/model <ref> without @ removes a pin and says so; the default model stores no override', async () => {
    const { h, keys } = await setup();
    await h.turn('/model sonnet@anthropic:work');

    const back = await h.turn('/model opus');
    await h.turn('hi');

    expect(back.ack).toBe(
      'Model set to anthropic/claude-opus-4-5. Your credential pin anthropic:work was removed.',
    );
    expect(h.session()?.modelOverride).toBeUndefined();
    expect(h.session()?.providerOverride).toBeUndefined();
    expect(h.server.requests[0]?.credential).toBe(keys.def);
    expect(h.session()).toMatchObject({
      authProfileOverride: 'anthropic:default',
      authProfileOverrideSource: 'auto',
    });
  });
});
