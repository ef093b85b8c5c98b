import {
  type FakeModelServerOptions,
  fixtureSecret,
  leakedSecrets,
  makeTempHome,
  modelStep,
  runCli,
  startFakeModelServer,
  startFakeOAuthServer,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, CONFIG, requireBuilt, SESSIONS, STORE } from './helpers.js';

requireBuilt('commands/agent.js');

const key = (k: string, provider = 'anthropic') => ({ type: 'api_key', provider, key: k });

async function setup(
  profiles: Record<string, unknown>,
  script?: FakeModelServerOptions['script'],
  extra: Record<string, unknown> = {},
  extraEnv: Record<string, string> = {},
) {
  const server = await startFakeModelServer(script ? { script } : {});
  const home = makeTempHome({ prefix: 'cli-agent-' });
  afterThisTest(
    () => server.close(),
    () => home.cleanup(),
  );
  home.write(STORE, { version: 1, profiles, ...extra });
  const env = {
    ...home.env,
    ANTHROPIC_BASE_URL: server.url,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    ...extraEnv,
  };
  // runCli: a clean environment and the sliding-window leak check over every planted secret
  const agent = (...args: string[]) => runCli(['agent', ...args], { home: home.home, env });
  return { server, home, agent };
}

describe('clawdbot agent --message', () => {
  test('prints the reply on stdout, sent with the stored key', async () => {
    const k = fixtureSecret.anthropicApiKey();
    const { server, agent } = await setup({ 'anthropic:default': key(k) }, [
      modelStep.reply('Hello from the model'),
    ]);

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Hello from the model\n');
    expect(server.requests[0]?.headers['x-api-key']).toBe(k);
    expect(leakedSecrets(r.stdout + r.stderr, [k])).toEqual([]);
  });

  test('a directive-only message is acknowledged and pins the profile for later turns', async () => {
    const [a, work] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const { server, home, agent } = await setup({ 'anthropic:default': key(a), 'anthropic:work': key(work) });

    const ack = await agent('--message', '/model anthropic/claude-opus-4-5@anthropic:work');
    const turn = await agent('-m', 'hi');

    expect(ack.stdout).toContain('credential pinned to anthropic:work');
    expect(turn.code).toBe(0);
    expect(server.requests.map((r) => r.credential)).toEqual([work]);
    expect(home.readJson<Record<string, unknown>>(SESSIONS)['agent:main:main']).toMatchObject({
      authProfileOverride: 'anthropic:work',
      authProfileOverrideSource: 'user',
    });
  });

  test('a pin of another provider: exit 1, error names the profile, nothing written', async () => {
    const { home, agent } = await setup({ 'openai:default': key(fixtureSecret.openaiApiKey(), 'openai') });

    const r = await agent('--message', '/model anthropic/claude-opus-4-5@openai:default');

    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: profile openai:default belongs to openai, not to anthropic');
    expect(home.exists(SESSIONS)).toBe(false);
  });

  test('429 then the next profile; a subscription-to-metered move is said on stderr', async () => {
    const sub = fixtureSecret.anthropicOAuthAccess();
    const k = fixtureSecret.anthropicApiKey();
    const { server, home, agent } = await setup(
      {
        'anthropic:sub': { type: 'token', provider: 'anthropic', token: sub },
        'anthropic:key': key(k),
      },
      [modelStep.rateLimit(), modelStep.reply('metered reply')],
    );

    const r = await agent('--message', 'hi', '--json');

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reply: 'metered reply', profileId: 'anthropic:key' });
    expect(r.stderr).toMatch(
      /anthropic:sub \(token\) is unavailable; falling back to the metered API key anthropic:key/,
    );
    expect(server.requests.map((x) => x.credential)).toEqual([sub, k]);
    const stats = home.readJson<{ usageStats: Record<string, { cooldownUntil?: number }> }>(STORE).usageStats;
    expect(stats['anthropic:sub']?.cooldownUntil).toBeGreaterThan(Date.now());
    expect(leakedSecrets(r.stdout + r.stderr, [sub, k])).toEqual([]);
  });

  test('everything exhausted: exit 1 with each candidate and why, no secret', async () => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const { agent } = await setup(
      { 'anthropic:a': key(a), 'anthropic:b': key(b) },
      [modelStep.rateLimit(), modelStep.paymentRequired()],
      {
        order: { anthropic: ['anthropic:a', 'anthropic:b'] },
      },
    );

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // the error line, one line per attempt, then the hint
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Error: every model and credential failed (2 attempts):');
    expect(lines[1]).toMatch(/^ {2}- .*anthropic:a \(api_key, store\): rate_limit \(HTTP 429\)/);
    expect(lines[2]).toMatch(/^ {2}- .*anthropic:b \(api_key, store\): billing \(HTTP 402\)/);
    expect(lines[3]).toMatch(/^Run: clawdbot models status/);
    expect(lines.every((l) => l.length < 200)).toBe(true);
    expect(leakedSecrets(r.stdout + r.stderr, [a, b])).toEqual([]);
  });

  test('the Claude-Code-only error: exit 1 with the advice', async () => {
    const { agent } = await setup(
      {
        'anthropic:claude-cli': {
          type: 'token',
          provider: 'anthropic',
          token: fixtureSecret.anthropicOAuthAccess(),
        },
      },
      [modelStep.claudeCodeOnly()],
    );

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(1);
    expect(r.stderr).toContain('only authorized for use with Claude Code');
    expect(r.stderr).toContain('ANTHROPIC_API_KEY');
  });

  test.each([
    ['402', modelStep.paymentRequired(), 'billing'],
    ['a request past its deadline', modelStep.hang(), 'timeout'],
  ])('%s: the next profile answers and the first is marked', async (_name, step, reason) => {
    const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const { home, agent } = await setup(
      { 'anthropic:a': key(a), 'anthropic:b': key(b) },
      [step, modelStep.reply('from b')],
      {
        order: { anthropic: ['anthropic:a', 'anthropic:b'] },
      },
      { CLAWDBOT_MODEL_TIMEOUT_MS: '2000' },
    );

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('from b\n');
    const stats = home.readJson<{ usageStats: Record<string, { failureCounts?: Record<string, number> }> }>(
      STORE,
    ).usageStats;
    expect(stats['anthropic:a']?.failureCounts).toEqual({ [reason]: 1 });
  });

  test('--timeout is in seconds, as upstream: a reply after 300 ms arrives within --timeout 5 (as ms it would not); no cooldown', async () => {
    const { home, agent, server } = await setup({ 'anthropic:a': key(fixtureSecret.anthropicApiKey()) }, [
      modelStep.slowReply(300, 'slow but fine'),
    ]);

    const r = await agent('--message', 'hi', '--timeout', '5');

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('slow but fine\n');
    expect(server.requests).toHaveLength(1);
    const stats = home.readJson<{ usageStats?: Record<string, { cooldownUntil?: number }> }>(
      STORE,
    ).usageStats;
    expect(stats?.['anthropic:a']?.cooldownUntil).toBeUndefined();
  });

  test('400 about the request: exit 1, one request, no rotation', async () => {
    const { server, agent } = await setup(
      {
        'anthropic:a': key(fixtureSecret.anthropicApiKey()),
        'anthropic:b': key(fixtureSecret.anthropicApiKey()),
      },
      [modelStep.badRequest()],
    );

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: anthropic/claude-opus-4-5 rejected the request (HTTP 400)');
    expect(server.requests).toHaveLength(1);
  });

  test('401 with an unexpired OAuth token: one forced refresh, one retry', async () => {
    const oauthServer = await startFakeOAuthServer();
    afterThisTest(() => oauthServer.close());
    const access = fixtureSecret.anthropicOAuthAccess();
    const { server, agent } = await setup(
      {
        'anthropic:sub': {
          type: 'oauth',
          provider: 'anthropic',
          access,
          refresh: fixtureSecret.anthropicOAuthRefresh(),
          expires: Date.now() + 3_600_000,
        },
      },
      [modelStep.unauthorized(), modelStep.reply('after refresh')],
      {},
      oauthServer.env,
    );

    const r = await agent('--message', 'hi');

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('after refresh\n');
    expect(oauthServer.tokenRequestCount()).toBe(1);
    expect(server.requests[0]?.credential).toBe(access);
    expect(server.requests[1]?.credential).not.toBe(access);
  });

  test('every anthropic profile unusable: the fallback model answers', async () => {
    const { home, server, agent } = await setup(
      {
        'anthropic:a': key(fixtureSecret.anthropicApiKey()),
        'openai:default': key(fixtureSecret.openaiApiKey(), 'openai'),
      },
      [modelStep.rateLimit(), modelStep.reply('from openai')],
    );
    home.write(CONFIG, {
      agents: { defaults: { model: { fallbacks: ['openai/gpt-5.2'] } } },
    });

    const r = await agent('--message', 'hi', '--json');

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'openai/gpt-5.2', reply: 'from openai' });
    expect(server.requests.map((x) => x.path)).toEqual(['/v1/messages', '/v1/chat/completions']);
  });
});
