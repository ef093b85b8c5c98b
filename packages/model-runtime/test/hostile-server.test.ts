import { fixtureSecret, leakedSecrets, modelStep, startFakeModelServer } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { apiKey, harness } from './helpers.js';

// Issue 13 (low): a model endpoint that redirects, answers with a web page, or without bound.
const ordered = { order: { anthropic: ['anthropic:a', 'anthropic:b'] } };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('a hostile model endpoint', () => {
  test.each([307, 308])(
    'a %i to another origin is not followed: the key never reaches it',
    async (status) => {
      const other = await startFakeModelServer();
      closers.push(other.close);
      const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
      const h = await harness({
        profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) },
        storeExtra: ordered,
        script: [modelStep.redirect(status, `${other.url}/v1/messages`), modelStep.reply('from b')],
      });

      const result = await h.turn('hi');

      expect(other.requests).toEqual([]);
      expect(result.reply).toBe('from b');
      expect(JSON.stringify(result.attempts)).toContain(`redirect (HTTP ${status}) to ${other.url}`);
      expect(leakedSecrets(JSON.stringify(result.attempts) + h.warnings.join('\n'), [a, b])).toEqual([]);
    },
  );

  test('an HTML page answered with 200 is not a reply: the next profile answers', async () => {
    const h = await harness({
      profiles: {
        'anthropic:a': apiKey(fixtureSecret.anthropicApiKey()),
        'anthropic:b': apiKey(fixtureSecret.anthropicApiKey()),
      },
      storeExtra: ordered,
      script: [modelStep.htmlPage(), modelStep.reply('from b')],
    });
    const result = await h.turn('hi');
    expect(result.reply).toBe('from b');
    expect(JSON.stringify(result.attempts)).toContain('not a model reply: a text/html page');
  });

  test('a reply over the cap (8 MiB) is an error, not buffered', async () => {
    const h = await harness({
      profiles: {
        'anthropic:a': apiKey(fixtureSecret.anthropicApiKey()),
        'anthropic:b': apiKey(fixtureSecret.anthropicApiKey()),
      },
      storeExtra: ordered,
      script: [modelStep.huge(9 * 1024 * 1024), modelStep.reply('from b')],
    });
    const result = await h.turn('hi', { timeoutMs: 20_000 });
    expect(result.reply).toBe('from b');
    expect(JSON.stringify(result.attempts)).toContain('more than 8 MiB');
  });
});
