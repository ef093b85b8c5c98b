import {
  type EtcdCluster,
  etcdTestsEnabled,
  fixtureSecret,
  startEtcd,
  startFakeOAuthServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { afterThisTest, cli, HOUR, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/auth/store/migrate.js');

// Hosts are separate HOMEs (own files, own locks) running the built CLI as separate processes;
// they share only the three-member etcd cluster and the copied key file.

const KEY_FILE = '.clawdbot/auth-store.key';

describe.runIf(etcdTestsEnabled())('a three-member etcd cluster', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
  }, 60_000);
  afterAll(async () => {
    await etcd?.close();
  });

  /** Host A with `profiles` moved into etcd at `prefix`, and `more` hosts with its key file. */
  async function hostsOn(prefix: string, profiles: Record<string, unknown>, more: number, env = {}) {
    const url = etcd.storeUrl(prefix);
    const a = home();
    a.write(STORE, { version: 1, profiles });
    const moved = await cli(a, ['models', 'auth', 'store', 'migrate', '--to', 'etcd', '--url', url], { env });
    expect(moved.code, moved.stderr).toBe(0);
    const all: TempHome[] = [a];
    for (let i = 0; i < more; i++) {
      const h = home();
      h.write(KEY_FILE, a.read(KEY_FILE));
      all.push(h);
    }
    return { url, hosts: all, env: { CLAWDBOT_AUTH_STORE: url, ...env } };
  }

  test('the leader killed while a refresh is in flight: one token request in total, every process gets the new token, the grant is kept', async () => {
    const server = await startFakeOAuthServer({ delayMs: 1500 });
    afterThisTest(() => server.close());
    const access = fixtureSecret.anthropicOAuthAccess();
    const refresh = fixtureSecret.anthropicOAuthRefresh();
    const { hosts, env } = await hostsOn(
      '/cluster-refresh',
      {
        'anthropic:me': { type: 'oauth', provider: 'anthropic', access, refresh, expires: Date.now() - HOUR },
      },
      2,
      server.env,
    );
    const runs = hosts.flatMap((h) =>
      [1, 2].map(() =>
        cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:me'], { env, secrets: [refresh] }),
      ),
    );
    // the token request is on its way (the server holds it 1.5 s): now the leader goes
    while (server.tokenRequestCount() === 0) await new Promise((r) => setTimeout(r, 20));
    const leader = etcd.leader();
    expect(leader).toBeDefined();
    await leader?.kill();
    // restarted even when an assertion below fails: the next test needs all three members
    afterThisTest(() => leader?.start());
    const done = await Promise.all(runs);
    for (const r of done) expect(r.code, r.stderr).toBe(0);
    const tokens = new Set(done.map((r) => r.stdout.trim()));
    expect(tokens.size).toBe(1);
    expect(tokens.has(access)).toBe(false);
    expect(server.tokenRequestCount()).toBe(1);
    // the rotation is in the store: a later caller gets it without a token request
    const later = await cli(
      hosts[1] as TempHome,
      ['models', 'auth', 'token', '--profile-id', 'anthropic:me'],
      { env, secrets: [refresh] },
    );
    expect(later.stdout.trim()).toBe([...tokens][0]);
    expect(server.tokenRequestCount()).toBe(1);
  }, 180_000);

  test('one member stopped (SIGSTOP): reads and writes work; two stopped: commands fail within the bound naming the endpoints; after they resume nothing is lost', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const { hosts, env } = await hostsOn(
      '/cluster-quorum',
      { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key } },
      1,
    );
    const [a, b] = hosts as [TempHome, TempHome];
    const [m0, m1, m2] = etcd.members as [
      EtcdCluster['members'][0],
      EtcdCluster['members'][0],
      EtcdCluster['members'][0],
    ];
    afterThisTest(() => {
      for (const m of etcd.members) m.resume();
    });

    // the leader itself is the one paused: an election, and the commands still work
    const first = etcd.leader() ?? m0;
    first.pause();
    const other = fixtureSecret.openaiApiKey();
    const add = await cli(
      b,
      ['models', 'auth', 'paste-token', '--provider', 'openai', '--profile-id', 'openai:ops'],
      {
        env,
        stdin: `${other}\n`,
        secrets: [key, other],
      },
    );
    expect(add.code, add.stderr).toBe(0);
    const seen = await cli(a, ['models', 'auth', 'list', '--json'], { env, secrets: [key, other] });
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.stdout).toContain('openai:ops');
    expect(seen.stdout).toContain('anthropic:work');

    // a second member paused: no quorum
    const second = [m0, m1, m2].find((m) => m !== first) as EtcdCluster['members'][0];
    second.pause();
    const status = await cli(a, ['models', 'status'], { env, secrets: [key, other] });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('did not answer');
    for (const m of etcd.members) expect(status.stderr).toContain(m.clientUrl);
    const third = fixtureSecret.anthropicApiKey();
    const write = await cli(
      a,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:new'],
      {
        env,
        stdin: `${third}\n`,
        secrets: [key, other, third],
      },
    );
    expect(write.code).toBe(1);
    expect(write.stderr).toContain('endpoint health');
    expect(a.exists(STORE)).toBe(false);

    first.resume();
    second.resume();
    const back = await cli(b, ['models', 'auth', 'list', '--json'], { env, secrets: [key, other] });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('openai:ops');
    expect(back.stdout).toContain('anthropic:work');
    expect(back.stdout).not.toContain('anthropic:new');
  }, 180_000);
});
