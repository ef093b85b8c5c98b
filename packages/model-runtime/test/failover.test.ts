import { fixtureSecret, leakedSecrets, modelStep } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { apiKey, harness, oauth, STORE } from './helpers.js';

const ordered = (...ids: string[]) => ({ order: { anthropic: ids } });
const twoKeys = () => {
  const a = fixtureSecret.anthropicApiKey();
  const b = fixtureSecret.anthropicApiKey();
  return { a, b, profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) } };
};

describe('failover table', () => {
  test('429: rate_limit cooldown on that profile, the next profile answers', async () => {
    const { a, b, profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: ordered('anthropic:a', 'anthropic:b'),
      script: [modelStep.rateLimit(), modelStep.reply('from b')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('from b');
    expect(h.server.requests.map((r) => r.credential)).toEqual([a, b]);
    const stats = h.store().usageStats ?? {};
    expect(stats['anthropic:a']).toMatchObject({ errorCount: 1, failureCounts: { rate_limit: 1 } });
    expect(stats['anthropic:a']?.cooldownUntil).toBeGreaterThan(Date.now() + 50_000);
    expect(stats['anthropic:b']?.errorCount ?? 0).toBe(0);
  });

  test.each([
    ['402', modelStep.paymentRequired()],
    ['a credit-balance 400', modelStep.creditTooLow()],
  ])('%s: billing disable for hours, the next profile answers', async (_name, step) => {
    const { profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: ordered('anthropic:a', 'anthropic:b'),
      script: [step, modelStep.reply('from b')],
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('from b');
    const a = h.store().usageStats?.['anthropic:a'];
    expect(a?.disabledReason).toBe('billing');
    expect(a?.disabledUntil).toBeGreaterThan(Date.now() + 4 * 3_600_000);
  });

  test('config auth.cooldowns sets the billing disable the runtime applies', async () => {
    const { profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: ordered('anthropic:a', 'anthropic:b'),
      // half an hour for anthropic (the default is 5 h), whatever billingBackoffHours says
      config: {
        auth: { cooldowns: { billingBackoffHours: 3, billingBackoffHoursByProvider: { anthropic: 0.5 } } },
      },
      script: [modelStep.paymentRequired(), modelStep.reply('from b')],
    });
    const before = Date.now();

    expect((await h.turn('hi')).reply).toBe('from b');

    const a = h.store().usageStats?.['anthropic:a'];
    expect(a?.disabledReason).toBe('billing');
    expect(a?.disabledUntil).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(a?.disabledUntil).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
  });

  test('400 about the request shape: REQUEST_FORMAT, no rotation, no cooldown', async () => {
    const { profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: ordered('anthropic:a', 'anthropic:b'),
      script: [modelStep.badRequest()],
    });

    await expect(h.turn('hi')).rejects.toMatchObject({ code: 'REQUEST_FORMAT' });
    expect(h.server.requests).toHaveLength(1);
    expect(h.store().usageStats?.['anthropic:a']?.cooldownUntil).toBeUndefined();
  });

  test('the Claude-Code-only error: CLAUDE_CODE_ONLY_CREDENTIAL with advice, no cooldown, no retry loop', async () => {
    const access = fixtureSecret.anthropicOAuthAccess();
    const h = await harness({
      profiles: {
        'anthropic:claude-cli': oauth(access, fixtureSecret.anthropicOAuthRefresh(), Date.now() + 3_600_000),
      },
      script: [modelStep.claudeCodeOnly()],
    });

    const err = await h.turn('hi').catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'CLAUDE_CODE_ONLY_CREDENTIAL' });
    expect((err as { hint: string }).hint).toContain('ANTHROPIC_API_KEY');
    expect(h.server.requests).toHaveLength(1);
    expect(h.store().usageStats?.['anthropic:claude-cli']).toBeUndefined();
  });

  test('every anthropic profile unusable: the next model of agents.defaults.model.fallbacks answers', async () => {
    const { profiles } = twoKeys();
    const openai = fixtureSecret.openaiApiKey();
    const h = await harness({
      profiles: { ...profiles, 'openai:default': apiKey(openai, 'openai') },
      config: {
        agents: {
          defaults: { model: { primary: 'anthropic/claude-opus-4-5', fallbacks: ['openai/gpt-5.2'] } },
        },
      },
      script: [modelStep.rateLimit(), modelStep.rateLimit(), modelStep.reply('from openai')],
    });

    const result = await h.turn('hi');

    expect(result.model).toBe('openai/gpt-5.2');
    expect(result.reply).toBe('from openai');
    expect(h.server.requests.map((r) => r.path)).toEqual([
      '/v1/messages',
      '/v1/messages',
      '/v1/chat/completions',
    ]);
  });

  test('moving from a subscription credential to a metered API key is said once', async () => {
    const sub = fixtureSecret.anthropicOAuthAccess();
    const [k1, k2] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const h = await harness({
      profiles: {
        'anthropic:sub': oauth(sub, fixtureSecret.anthropicOAuthRefresh(), Date.now() + 3_600_000),
        'anthropic:k1': apiKey(k1),
        'anthropic:k2': apiKey(k2),
      },
      storeExtra: ordered('anthropic:sub', 'anthropic:k1', 'anthropic:k2'),
      script: [modelStep.rateLimit(), modelStep.rateLimit(), modelStep.reply('metered')],
    });

    const result = await h.turn('hi');

    expect(result.profileId).toBe('anthropic:k2');
    const metered = h.warnings.filter((w) => w.includes('metered'));
    expect(metered).toHaveLength(1);
    expect(metered[0]).toContain('anthropic:sub');
    expect(metered[0]).toContain('anthropic:k1');
  });

  test('everything exhausted: FAILOVER_EXHAUSTED listing each candidate and why, without secrets', async () => {
    const { a, b, profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: ordered('anthropic:a', 'anthropic:b'),
      config: { agents: { defaults: { model: { fallbacks: ['openai/gpt-5.2'] } } } },
      script: [modelStep.rateLimit(), modelStep.paymentRequired()],
    });

    const err = (await h.turn('hi').catch((e: unknown) => e)) as {
      code: string;
      message: string;
      attempts: unknown[];
      details?: string[];
    };

    expect(err.code).toBe('FAILOVER_EXHAUSTED');
    // one line of message, then one line per attempt
    expect(err.message).toBe('every model and credential failed (3 attempts):');
    expect(err.details).toEqual([
      expect.stringMatching(
        /^anthropic\/claude-opus-4-5 via anthropic:a \(api_key, store\): rate_limit \(HTTP 429\)/,
      ),
      expect.stringMatching(/anthropic:b \(api_key, store\): billing \(HTTP 402\)/),
      expect.stringMatching(/^openai\/gpt-5\.2: skipped: no usable credential for openai/),
    ]);
    expect(leakedSecrets([err.message, ...(err.details ?? [])].join('\n'), [a, b])).toEqual([]);
  });

  test('no credential anywhere: NO_CREDENTIAL and nothing is sent', async () => {
    const h = await harness({});

    await expect(h.turn('hi')).rejects.toMatchObject({ code: 'NO_CREDENTIAL' });
    expect(h.server.requests).toHaveLength(0);
  });

  test('a profile in cooldown is skipped without a request', async () => {
    const { b, profiles } = twoKeys();
    const h = await harness({
      profiles,
      storeExtra: {
        ...ordered('anthropic:a', 'anthropic:b'),
        usageStats: { 'anthropic:a': { cooldownUntil: Date.now() + 600_000, errorCount: 1 } },
      },
    });

    const result = await h.turn('hi');

    expect(h.server.requests.map((r) => r.credential)).toEqual([b]);
    expect(result.attempts[0]).toMatchObject({ candidate: 'anthropic:a', outcome: 'skipped' });
  });

  test('bookkeeping that cannot be written is a warning, never a failed request', async () => {
    const k = fixtureSecret.anthropicApiKey();
    const h = await harness({
      profiles: { 'anthropic:a': apiKey(k) },
      // another process removes the profile while the request is in flight
      script: () => {
        h.home.write(STORE, { version: 1, profiles: {} });
        return modelStep.reply('still answered');
      },
    });

    const result = await h.turn('hi');

    expect(result.reply).toBe('still answered');
    expect(h.warnings.some((w) => w.startsWith('could not record usage of anthropic:a'))).toBe(true);
  });
});
