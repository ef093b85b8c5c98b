// DESIGN.md invariant 6: one resolver answers "which credential would a request use, and
// why" for status and the runtime alike, and status names each credential's source.
// Each case runs the real bin twice on one temp HOME: `models status --json`, then
// `agent --message` against a loopback model server, and compares the two answers. The same
// tests on each store backend: on etcd the store file is first moved there with
// `models auth store migrate --to etcd`.
import {
  closeSharedEtcd,
  fixtureSecret,
  freshStoreUrl,
  modelStep,
  type StoreBackendKind,
  startFakeModelServer,
  storeBackendKinds,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { cli, HOUR, home, STORE } from './helpers.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(closeSharedEtcd);

interface StatusProvider {
  provider: string;
  order: { ids: string[] };
  env?: { source: string; origin: { kind: string; path?: string } };
}

/** What status says goes first for anthropic, and the key the runtime actually sent. */
async function statusAndTurn(backend: StoreBackendKind, files: Record<string, unknown>, secrets: string[]) {
  const h = home();
  for (const [rel, content] of Object.entries(files)) h.write(rel, content as string | object);
  const server = await startFakeModelServer({ script: [modelStep.reply('pong')] });
  servers.push(server);
  const env: Record<string, string> = { ANTHROPIC_BASE_URL: server.url };
  if (backend === 'etcd') {
    env.CLAWDBOT_AUTH_STORE = await freshStoreUrl('resolver');
    const moved = await cli(h, ['models', 'auth', 'store', 'migrate', '--to', 'etcd'], { env, secrets });
    expect(moved.code, moved.stderr).toBe(0);
    expect(h.exists(STORE)).toBe(false);
  }
  const status = await cli(h, ['models', 'status', '--json'], { env, secrets });
  expect(status.code).toBe(0);
  const json = JSON.parse(status.stdout) as { auth: { providers: StatusProvider[] } };
  const anthropic = json.auth.providers.find((p) => p.provider === 'anthropic');
  const turn = await cli(h, ['agent', '--message', 'ping'], { env, secrets });
  expect(turn.code, turn.stderr).toBe(0);
  expect(turn.stdout).toBe('pong\n');
  return { anthropic, sent: server.requests.map((r) => r.headers['x-api-key']) };
}

describe.each(storeBackendKinds())(
  'invariant 6: status and the runtime pick the same credential (%s store)',
  (backend) => {
    test('a profile in cooldown is behind the next one for both; the runtime sends that one', async () => {
      const [a, b] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
      const { anthropic, sent } = await statusAndTurn(
        backend,
        {
          [STORE]: {
            version: 1,
            profiles: {
              'anthropic:a': { type: 'api_key', provider: 'anthropic', key: a },
              'anthropic:b': { type: 'api_key', provider: 'anthropic', key: b },
            },
            order: { anthropic: ['anthropic:a', 'anthropic:b'] },
            usageStats: { 'anthropic:a': { cooldownUntil: Date.now() + HOUR, errorCount: 1 } },
          },
        },
        [a, b],
      );
      expect(anthropic?.order.ids[0]).toBe('anthropic:b');
      expect(sent).toEqual([b]);
    });

    test('a key only in ~/.clawdbot/.env: status names the variable and the file, the runtime sends it', async () => {
      const k = fixtureSecret.anthropicApiKey();
      const { anthropic, sent } = await statusAndTurn(
        backend,
        { '.clawdbot/.env': `ANTHROPIC_API_KEY=${k}\n` },
        [k],
      );
      expect(anthropic?.order.ids).toEqual(['ANTHROPIC_API_KEY']);
      expect(anthropic?.env).toMatchObject({
        source: 'env: ANTHROPIC_API_KEY',
        origin: { kind: 'state-dotenv', path: '~/.clawdbot/.env' },
      });
      expect(sent).toEqual([k]);
    });

    test('a stored profile goes ahead of the environment for both', async () => {
      const [stored, fromEnv] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
      const { anthropic, sent } = await statusAndTurn(
        backend,
        {
          [STORE]: {
            version: 1,
            profiles: { 'anthropic:default': { type: 'api_key', provider: 'anthropic', key: stored } },
          },
          '.clawdbot/.env': `ANTHROPIC_API_KEY=${fromEnv}\n`,
        },
        [stored, fromEnv],
      );
      expect(anthropic?.order.ids).toEqual(['anthropic:default', 'ANTHROPIC_API_KEY']);
      expect(sent).toEqual([stored]);
    });
  },
);
