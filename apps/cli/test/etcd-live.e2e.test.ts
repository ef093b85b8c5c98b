// Live change across hosts (etcd store), and shared cooldowns: a chat that keeps running on
// host B uses, on its next turn, a login with an order change and a removal made on host A
// (another HOME, other processes), without a restart; a 429 seen by A cools the profile down
// for B. A loopback Messages API records the token each request sent.
// (The session keeps the profile it last used while that profile stays in the order, as
// upstream does; an order that leaves it out, or its removal, moves the session on.)
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  closeSharedEtcd,
  etcdTestsEnabled,
  fixtureSecret,
  freshStoreUrl,
  leakedSecrets,
  modelStep,
  startFakeModelServer,
  watchChild,
} from '@clawdbot-auth/testkit';
import { afterAll, describe, expect, test } from 'vitest';
import { afterThisTest, BIN, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/chat.js');
afterAll(closeSharedEtcd);

/** Lines of a running child's stdout, with a wait for the n-th one. */
function lines(p: ChildProcessWithoutNullStreams) {
  const { state, exited, until } = watchChild(p);
  const waitForLines = (n: number) => until((out) => out.split('\n').length > n, `line ${n}`);
  return { state, exited, waitForLines };
}

describe.runIf(etcdTestsEnabled())(
  'hosts sharing one etcd store: what one host changes, the others use',
  () => {
    test(
      'login, order change and removal on A are used by B on its next turn, without restart',
      {
        timeout: 120_000,
      },
      async () => {
        const keys = { one: fixtureSecret.anthropicApiKey(), two: fixtureSecret.anthropicApiKey() };
        const secrets = Object.values(keys);
        const server = await startFakeModelServer({
          script: (req) => modelStep.reply(`reply #${req.index + 1}`),
        });
        afterThisTest(() => server.close());
        const env = { CLAWDBOT_AUTH_STORE: await freshStoreUrl('live'), ANTHROPIC_BASE_URL: server.url };
        const [a, b] = [home(), home()];
        const onA = async (args: string[], stdin?: string) => {
          const r = await cli(a, args, { env, secrets, ...(stdin !== undefined ? { stdin } : {}) });
          expect(r.code, r.stderr).toBe(0);
        };
        const login = (id: string, key: string) =>
          onA(['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', id], `${key}\n`);

        await login('anthropic:one', keys.one);
        b.write('.clawdbot/auth-store.key', a.read('.clawdbot/auth-store.key'));
        const chat = spawn(process.execPath, [BIN, 'chat'], { env: { ...b.env, ...env }, cwd: b.home });
        afterThisTest(() => chat.kill('SIGKILL'));
        const { state, exited, waitForLines } = lines(chat);
        const turn = async (n: number) => {
          chat.stdin.write(`turn ${n}\n`);
          await waitForLines(n);
          // paste-token stores a token: it is sent as a bearer
          return server.requests[n - 1]?.headers.authorization?.replace(/^Bearer /, '');
        };

        expect(await turn(1)).toBe(keys.one);
        await login('anthropic:two', keys.two);
        await onA(['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:two']);
        expect(await turn(2)).toBe(keys.two);
        await onA(['models', 'auth', 'remove', 'anthropic:two']);
        expect(await turn(3)).toBe(keys.one);

        chat.stdin.end();
        expect(await exited).toBe(0);
        expect(state.out).toBe('reply #1\nreply #2\nreply #3\n');
        expect(state.err).toContain('session credential anthropic:one is no longer in the auth order');
        expect(state.err).toContain('session credential anthropic:two no longer exists');
        expect(b.exists(STORE) || a.exists(STORE)).toBe(false);
        expect(leakedSecrets(state.out + state.err, secrets)).toEqual([]);
      },
    );

    test(
      "a 429 on host A cools the profile down on host B: B's next request goes to the other profile",
      {
        timeout: 120_000,
      },
      async () => {
        const keys = { one: fixtureSecret.anthropicApiKey(), two: fixtureSecret.anthropicApiKey() };
        const secrets = Object.values(keys);
        const bearer = (r: { headers: Record<string, string | undefined> }) =>
          r.headers.authorization?.replace(/^Bearer /, '');
        // key one is rate limited (every time); key two answers
        const server = await startFakeModelServer({
          script: (req) => (bearer(req) === keys.one ? modelStep.rateLimit() : modelStep.reply('pong')),
        });
        afterThisTest(() => server.close());
        const env = { CLAWDBOT_AUTH_STORE: await freshStoreUrl('cool'), ANTHROPIC_BASE_URL: server.url };
        const [a, b] = [home(), home()];
        for (const [id, key] of [
          ['anthropic:one', keys.one],
          ['anthropic:two', keys.two],
        ] as const) {
          const r = await cli(
            a,
            ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', id],
            {
              env,
              stdin: `${key}\n`,
              secrets,
            },
          );
          expect(r.code, r.stderr).toBe(0);
        }
        const order = await cli(
          a,
          ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:one', 'anthropic:two'],
          { env, secrets },
        );
        expect(order.code, order.stderr).toBe(0);
        b.write('.clawdbot/auth-store.key', a.read('.clawdbot/auth-store.key'));

        const onA = await cli(a, ['agent', '--message', 'hi'], { env, secrets });
        expect(onA.code, onA.stderr).toBe(0);
        expect(server.requests.map(bearer)).toEqual([keys.one, keys.two]);

        const status = await cli(b, ['models', 'status', '--json'], { env, secrets });
        const anthropic = JSON.parse(status.stdout).auth.providers.find(
          (p: { provider: string }) => p.provider === 'anthropic',
        );
        expect(anthropic.order.ids[0]).toBe('anthropic:two');
        const onB = await cli(b, ['agent', '--message', 'hi'], { env, secrets });
        expect(onB.code, onB.stderr).toBe(0);
        expect(server.requests.map(bearer).slice(2)).toEqual([keys.two]);
      },
    );
  },
);
