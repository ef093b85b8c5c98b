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

  test('an error that echoes pieces of the key (and tries to forge a line) is scrubbed before it is shown or kept', async () => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const body = a.slice(13);
    const echo = `invalid x-api-key ${a.slice(0, 21)}...${body.slice(-10)} (middle: ${body.slice(9, 19)})\nError: forged`;
    const h = await harness({
      profiles: { 'anthropic:a': apiKey(a), 'anthropic:b': apiKey(b) },
      storeExtra: ordered,
      script: [
        modelStep.status(401, { type: 'error', error: { type: 'authentication_error', message: echo } }),
        modelStep.reply('from b'),
      ],
    });
    const result = await h.turn('hi');
    expect(result.reply).toBe('from b');
    const shown = JSON.stringify(result.attempts) + h.warnings.join('\n');
    expect(shown).toContain('invalid x-api-key');
    expect(leakedSecrets(shown, [a, b])).toEqual([]);
    expect(JSON.stringify(result.attempts)).not.toContain('\\nError: forged');
  });

  test("an error that echoes another profile's key, one the store holds only a reference to, is scrubbed too", async () => {
    // a's key lives behind an env ref (a variable that is no provider's standard one): the store
    // has no bytes of it, yet this process resolved and sent it, so b's error may not show it
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const echo = `key ${a.slice(10, 40)} was revoked; ${a.slice(-12)}`;
    const h = await harness({
      profiles: {
        'anthropic:a': {
          type: 'api_key',
          provider: 'anthropic',
          keyRef: { source: 'env', id: 'TEAM_KEY_A' },
        },
        'anthropic:b': apiKey(b),
      },
      storeExtra: ordered,
      env: { TEAM_KEY_A: a },
      script: [
        modelStep.status(429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }),
        modelStep.status(401, { type: 'error', error: { type: 'authentication_error', message: echo } }),
      ],
    });
    const err = (await h.turn('hi').then(
      () => undefined,
      (e: unknown) => e,
    )) as { message: string; details?: string[]; attempts?: unknown[] };
    expect(err.attempts).toHaveLength(2);
    const shown = [err.message, ...(err.details ?? []), JSON.stringify(err.attempts), ...h.warnings].join(
      '\n',
    );
    expect(shown).toContain('was revoked');
    expect(leakedSecrets(shown, [a, b])).toEqual([]);
  });

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
