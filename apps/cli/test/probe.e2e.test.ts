import { fixtureSecret, modelStep, startFakeModelServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, home, STORE } from './helpers.js';

function seed(keys: Record<string, string>) {
  const h = home();
  h.write(STORE, {
    version: 1,
    profiles: Object.fromEntries(
      Object.entries(keys).map(([id, key]) => [id, { type: 'api_key', provider: id.split(':')[0], key }]),
    ),
  });
  return h;
}

describe.concurrent('models status --probe', () => {
  test('one minimal request per credential to the configured base URL; ok with latency, errors classified and redacted', async () => {
    const a = fixtureSecret.anthropicApiKey();
    const b = fixtureSecret.anthropicApiKey();
    const server = await startFakeModelServer({
      script: (req) =>
        req.credential === a
          ? modelStep.reply('pong')
          : modelStep.status(401, {
              type: 'error',
              error: { type: 'authentication_error', message: `invalid x-api-key ${b}` },
            }),
    });
    try {
      const h = seed({ 'anthropic:a': a, 'anthropic:b': b });
      const r = await cli(h, ['models', 'status', '--probe', '--json', '--probe-max-tokens', '4'], {
        env: { ANTHROPIC_BASE_URL: server.url },
        secrets: [a, b],
      });
      expect(r.code).toBe(0);
      const probes = JSON.parse(r.stdout).probes as {
        profileId: string;
        status: string;
        latencyMs?: number;
        message?: string;
      }[];
      const byId = Object.fromEntries(probes.map((p) => [p.profileId, p]));
      expect(byId['anthropic:a']).toMatchObject({ status: 'ok' });
      expect(byId['anthropic:a']?.latencyMs).toBeTypeOf('number');
      expect(byId['anthropic:b']).toMatchObject({ status: 'auth' });
      expect(byId['anthropic:b']?.message).toMatch(/invalid x-api-key sk-ant-api03…#[0-9a-f]{8}/);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[0]?.path).toBe('/v1/messages');
      expect(server.requests[0]?.body).toMatchObject({ max_tokens: 4 });
      expect(r.stderr).toMatch(/probe 1\/2: anthropic:/);
    } finally {
      await server.close();
    }
  });

  test.each([
    ['rate_limit', modelStep.rateLimit()],
    ['billing', modelStep.creditTooLow()],
    ['format', modelStep.badRequest()],
  ])('classifies %s', async (status, step) => {
    const server = await startFakeModelServer({ script: () => step });
    try {
      const h = seed({ 'anthropic:a': fixtureSecret.anthropicApiKey() });
      const r = await cli(h, ['models', 'status', '--probe', '--json'], {
        env: { ANTHROPIC_BASE_URL: server.url },
      });
      expect(JSON.parse(r.stdout).probes[0].status).toBe(status);
    } finally {
      await server.close();
    }
  });

  test('--probe-timeout: a hanging provider is "timeout"; text output lists the probes', async () => {
    const server = await startFakeModelServer({ script: () => ({ kind: 'hang' }) });
    try {
      const h = seed({ 'anthropic:a': fixtureSecret.anthropicApiKey() });
      const r = await cli(h, ['models', 'status', '--probe', '--probe-timeout', '300'], {
        env: { ANTHROPIC_BASE_URL: server.url },
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /Probes\n- anthropic:a \(anthropic, claude-opus-4-5\) timeout: no answer within 300 ms/,
      );
    } finally {
      await server.close();
    }
  });

  test('--probe-provider narrows the probes; an OpenAI key goes to chat completions with a bearer token', async () => {
    const server = await startFakeModelServer();
    try {
      const h = seed({
        'anthropic:a': fixtureSecret.anthropicApiKey(),
        'openai:o': fixtureSecret.openaiApiKey(),
      });
      const env = { ANTHROPIC_BASE_URL: server.url, OPENAI_BASE_URL: server.openaiBaseUrl };
      const r = await cli(h, ['models', 'status', '--probe-provider', 'openai', '--json'], { env });
      expect(JSON.parse(r.stdout).probes.map((p: { profileId: string }) => p.profileId)).toEqual([
        'openai:o',
      ]);
      expect(server.requests.map((q) => [q.path, q.credentialHeader])).toEqual([
        ['/v1/chat/completions', 'authorization'],
      ]);
    } finally {
      await server.close();
    }
  });

  test('env and config-key credentials are probed too', async () => {
    const server = await startFakeModelServer();
    try {
      const h = home();
      const envKey = fixtureSecret.anthropicApiKey();
      const configKey = fixtureSecret.openaiApiKey();
      h.write(
        '.clawdbot/clawdbot.json',
        JSON.stringify({
          models: { providers: { openai: { baseUrl: server.openaiBaseUrl, apiKey: configKey } } },
        }),
      );
      const r = await cli(h, ['models', 'status', '--probe', '--json'], {
        env: { ANTHROPIC_API_KEY: envKey, ANTHROPIC_BASE_URL: server.url },
        secrets: [envKey, configKey],
      });
      const probes = JSON.parse(r.stdout).probes as { profileId: string; source: string; status: string }[];
      expect(probes.map((p) => [p.profileId, p.source, p.status]).sort()).toEqual([
        ['ANTHROPIC_API_KEY', 'env: ANTHROPIC_API_KEY', 'ok'],
        ['models.providers.openai.apiKey', 'config', 'ok'],
      ]);
      expect(server.requests.map((q) => q.credential).sort()).toEqual([configKey, envKey].sort());
    } finally {
      await server.close();
    }
  });
});

test('a provider that cannot be reached is named with the URL and the reason, not "fetch failed"', async () => {
  const net = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const key = fixtureSecret.anthropicApiKey();
  const h = home();
  const r = await cli(h, ['models', 'status', '--probe'], {
    env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` },
    secrets: [key],
  });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`unknown: cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
});
