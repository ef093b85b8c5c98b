import { fixtureSecret, modelStep, startFakeModelServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, CONFIG, cli, home, SESSIONS, STORE } from './helpers.js';

const key = (k: string) => ({ type: 'api_key', provider: 'anthropic', key: k });
const now = Date.now();

// Not concurrent: afterThisTest cleanups run after whichever test ends first.
describe('models auth explain', () => {
  test('the winner is the credential `clawdbot agent` then sends, and failover is dry-run', async () => {
    const [a, b, c] = [
      fixtureSecret.anthropicApiKey(),
      fixtureSecret.anthropicApiKey(),
      fixtureSecret.anthropicApiKey(),
    ];
    const server = await startFakeModelServer({ script: [modelStep.reply('hello')] });
    afterThisTest(() => server.close());
    const h = home();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:a': key(a), 'anthropic:b': key(b), 'anthropic:c': key(c) },
      usageStats: {
        'anthropic:a': { cooldownUntil: now + 10 * 60_000, errorCount: 1 },
        'anthropic:b': { lastUsed: now - 1000 },
        'anthropic:c': { lastUsed: now - 5000 },
      },
    });
    h.write(CONFIG, { auth: { order: { anthropic: ['anthropic:a', 'anthropic:b', 'anthropic:c'] } } });
    const env = { ANTHROPIC_BASE_URL: server.url };
    const r = await cli(h, ['models', 'auth', 'explain', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.orderSource).toBe('config');
    expect(doc.winner).toBe('anthropic:b');
    expect(doc.tryList).toEqual(['anthropic:b', 'anthropic:c']);
    const cooling = doc.candidates.find((x: { id: string }) => x.id === 'anthropic:a');
    expect(cooling).toMatchObject({ eligible: false, reasonCode: 'cooldown' });
    expect(cooling.remainingMs).toBeGreaterThan(0);
    expect(doc.failover).toEqual([
      { failure: 'rate_limit', next: 'anthropic:c', holdMs: 60_000 },
      { failure: 'auth', next: 'anthropic:c', holdMs: 60_000 },
      { failure: 'billing', next: 'anthropic:c', holdMs: 5 * 3_600_000 },
    ]);
    const text = await cli(h, ['models', 'auth', 'explain'], { env });
    expect(text.stdout).toContain('Winner: anthropic:b');
    expect(text.stdout).toContain('- anthropic:a (api_key, store) excluded: cooldown');

    const sent = await cli(h, ['agent', '--message', 'hi'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.requests[0]?.headers['x-api-key']).toBe(b);
  });

  test('a session pin is the order source and the winner, for explain and agent alike', async () => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const server = await startFakeModelServer({ script: [modelStep.reply('hello')] });
    afterThisTest(() => server.close());
    const h = home();
    h.write(STORE, { version: 1, profiles: { 'anthropic:a': key(a), 'anthropic:b': key(b) } });
    h.write(SESSIONS, {
      'agent:main:work': {
        sessionId: 's1',
        updatedAt: now,
        authProfileOverride: 'anthropic:b',
        authProfileOverrideSource: 'user',
      },
    });
    const env = { ANTHROPIC_BASE_URL: server.url };
    const doc = JSON.parse(
      (await cli(h, ['models', 'auth', 'explain', '--session', 'agent:main:work', '--json'], { env })).stdout,
    );
    expect(doc).toMatchObject({ orderSource: 'session-pin', winner: 'anthropic:b', pin: { source: 'user' } });
    const sent = await cli(h, ['agent', '--session', 'agent:main:work', '--message', 'hi'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.requests[0]?.headers['x-api-key']).toBe(b);
  });
});
