// The etcd store with etcd's user authentication, set up as docs/shared-state.md says: a user
// whose role may use only the prefix, its password in ~/.clawdbot/.env under the variable that
// auth.store.auth.passwordEnv names. A wrong or missing password is one clear error, exit 1,
// and the password never reaches the output.
import { execFileSync } from 'node:child_process';
import { type EtcdCluster, etcdTestsEnabled, fixtureSecret, startEtcd } from '@clawdbot-auth/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONFIG, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/status.js');

describe.runIf(etcdTestsEnabled())('the etcd store with user authentication', () => {
  let etcd: EtcdCluster;
  const password = 'etcd-pw-7f3a9c1e5b2d8a4f6c0e';
  beforeAll(async () => {
    etcd = await startEtcd();
    const ctl = (...args: string[]) =>
      execFileSync('etcdctl', ['--endpoints', etcd.endpoints.join(','), ...args], {
        env: { ...process.env, ETCDCTL_API: '3' },
        stdio: 'ignore',
      });
    ctl('user', 'add', 'root', '--new-user-password=root-pw');
    ctl('auth', 'enable');
    ctl('--user', 'root:root-pw', 'role', 'add', 'clawdbot');
    ctl(
      '--user',
      'root:root-pw',
      'role',
      'grant-permission',
      'clawdbot',
      '--prefix=true',
      'readwrite',
      '/authz/',
    );
    ctl('--user', 'root:root-pw', 'user', 'add', 'clawdbot', `--new-user-password=${password}`);
    ctl('--user', 'root:root-pw', 'user', 'grant-role', 'clawdbot', 'clawdbot');
  });
  afterAll(async () => {
    await etcd?.close();
  });

  function configured(dotenv: string) {
    const h = home();
    h.write(CONFIG, {
      auth: {
        store: {
          backend: 'etcd',
          endpoints: etcd.endpoints,
          prefix: '/authz',
          auth: { user: 'clawdbot', passwordEnv: 'CLAWDBOT_ETCD_PASSWORD' },
        },
      },
    });
    h.write('.clawdbot/.env', dotenv);
    return h;
  }

  test(
    'the password from ~/.clawdbot/.env: a login is written to etcd and status lists it',
    { timeout: 120_000 },
    async () => {
      const h = configured(`CLAWDBOT_ETCD_PASSWORD=${password}\n`);
      const key = fixtureSecret.anthropicApiKey();
      const secrets = [key, password];
      const add = await cli(
        h,
        ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:authz'],
        {
          stdin: `${key}\n`,
          secrets,
        },
      );
      expect(add.code, add.stderr).toBe(0);
      expect(h.exists(STORE)).toBe(false);
      const status = await cli(h, ['models', 'status'], { secrets });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('anthropic:authz');
    },
  );

  test(
    'a wrong password, or none: exit 1 with one line naming what to check; the password is not printed',
    { timeout: 120_000 },
    async () => {
      const wrong = configured('CLAWDBOT_ETCD_PASSWORD=wq8Zk3Vn0Tx5Rb7Lm2Yc\n');
      const r = await cli(wrong, ['models', 'status'], { secrets: [password, 'wq8Zk3Vn0Tx5Rb7Lm2Yc'] });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`etcd at ${etcd.endpoints[0]} refused a read`);
      expect(r.stderr).toContain('auth.store.auth');
      const none = configured('');
      const n = await cli(none, ['models', 'status'], { secrets: [password] });
      expect(n.code).toBe(1);
      expect(n.stderr).toContain('CLAWDBOT_ETCD_PASSWORD is not set');
    },
  );
});
