import { fixtureSecret, leakedSecrets, modelStep } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { apiKey, harness, oauth, token } from './helpers.js';

describe('provider requests', () => {
  test('an Anthropic API key goes in x-api-key with anthropic-version, to <baseUrl>/v1/messages', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const h = await harness({
      profiles: { 'anthropic:default': apiKey(key) },
      script: [modelStep.reply('hello there')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('hello there');
    expect(result.profileId).toBe('anthropic:default');
    const [req] = h.server.requests;
    expect(req?.path).toBe('/v1/messages');
    expect(req?.headers['x-api-key']).toBe(key);
    expect(req?.headers['anthropic-version']).toBe('2023-06-01');
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.headers['anthropic-beta']).toBeUndefined();
    expect(req?.body).toMatchObject({
      model: 'claude-opus-4-5',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  test.each([
    ['oauth', (s: string) => oauth(s, fixtureSecret.anthropicOAuthRefresh(), Date.now() + 3_600_000)],
    ['setup-token', (s: string) => token(s)],
  ])('an Anthropic %s credential goes as Bearer with the oauth beta header', async (_name, make) => {
    const access = fixtureSecret.anthropicOAuthAccess();
    const h = await harness({ profiles: { 'anthropic:sub': make(access) } });

    await h.turn('hi');

    const [req] = h.server.requests;
    expect(req?.headers.authorization).toBe(`Bearer ${access}`);
    expect(req?.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(req?.headers['anthropic-version']).toBe('2023-06-01');
    expect(req?.headers['x-api-key']).toBeUndefined();
  });

  test('openai goes to <baseUrl>/chat/completions with a Bearer key', async () => {
    const key = fixtureSecret.openaiApiKey();
    const h = await harness({
      profiles: { 'openai:default': apiKey(key, 'openai') },
      config: { agents: { defaults: { model: { primary: 'openai/gpt-5.2' } } } },
      script: [modelStep.reply('from openai')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('from openai');
    expect(result.model).toBe('openai/gpt-5.2');
    expect(h.server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(h.server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(h.server.requests[0]?.body).toMatchObject({ model: 'gpt-5.2' });
  });

  test('config models.providers.<p>.baseUrl wins over the base-URL variable', async () => {
    const key = fixtureSecret.openrouterApiKey();
    const h = await harness({ profiles: { 'openrouter:default': apiKey(key, 'openrouter') } });
    h.home.write('.clawdbot/clawdbot.json', {
      agents: { defaults: { model: { primary: 'openrouter/meta/llama-4' } } },
      models: { providers: { openrouter: { baseUrl: `${h.server.url}/router/api/v1/` } } },
    });

    await h.turn('hi');

    expect(h.server.requests[0]?.path).toBe('/router/api/v1/chat/completions');
    expect(h.server.requests[0]?.body).toMatchObject({ model: 'meta/llama-4' });
  });

  test('an environment variable is a candidate when no profile exists', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const h = await harness({ env: { ANTHROPIC_API_KEY: key } });

    const result = await h.turn('hi');

    expect(result.credential).toBe('ANTHROPIC_API_KEY');
    expect(result.profileId).toBeUndefined();
    expect(h.server.requests[0]?.headers['x-api-key']).toBe(key);
  });

  test('a request that never answers hits its deadline: timeout cooldown, next profile answers', async () => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const h = await harness({
      profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) },
      storeExtra: { order: { anthropic: ['anthropic:a', 'anthropic:b'] } },
      script: [modelStep.hang(), modelStep.reply('second')],
    });

    const result = await h.turn('hi', { timeoutMs: 300 });

    expect(result.reply).toBe('second');
    expect(result.attempts.map((x) => [x.candidate, x.outcome])).toEqual([
      ['anthropic:a', 'timeout'],
      ['anthropic:b', 'ok'],
    ]);
    const stats = h.store().usageStats ?? {};
    expect(stats['anthropic:a']?.cooldownUntil).toBeGreaterThan(Date.now());
    expect(stats['anthropic:a']?.failureCounts).toEqual({ timeout: 1 });
    expect(stats['anthropic:b']?.lastUsed).toBeTypeOf('number');
    expect(leakedSecrets(JSON.stringify(result) + h.warnings.join('\n'), [a, b])).toEqual([]);
  });

  test('a Claude Code login is synced into the store and used as a Bearer token', async () => {
    const access = fixtureSecret.anthropicOAuthAccess();
    const h = await harness({});
    h.home.write('.claude/.credentials.json', {
      claudeAiOauth: {
        accessToken: access,
        refreshToken: fixtureSecret.anthropicOAuthRefresh(),
        expiresAt: Date.now() + 86_400_000,
      },
    });

    const result = await h.turn('hi');

    expect(result.profileId).toBe('anthropic:claude-cli');
    expect(h.server.requests[0]?.headers.authorization).toBe(`Bearer ${access}`);
    expect(h.store().profiles['anthropic:claude-cli']).toMatchObject({ type: 'oauth', access });
  });
});
