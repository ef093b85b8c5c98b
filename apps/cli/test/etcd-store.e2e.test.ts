import { type EtcdCluster, etcdTestsEnabled, fixtureSecret, startEtcd } from '@clawdbot-auth/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONFIG, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/status.js');

describe.runIf(etcdTestsEnabled())('commands on the etcd store backend', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.close();
  });

  test(
    'paste-token writes to etcd, never to the local file; status names the backend; another host reads it',
    { timeout: 120_000 },
    async () => {
      const a = home();
      const env = { CLAWDBOT_AUTH_STORE: etcd.storeUrl('/cli-status') };
      const key = fixtureSecret.anthropicApiKey();
      const add = await cli(
        a,
        ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:work'],
        {
          env,
          stdin: `${key}\n`,
          secrets: [key],
        },
      );
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      expect(a.exists(STORE)).toBe(false);

      const status = await cli(a, ['models', 'status'], { env, secrets: [key] });
      expect(status.code).toBe(0);
      // the etcd client and node's http load inside the start-up bundle: no warning of node's
      expect(status.stderr).toBe('');
      const row = status.stdout.split('\n').find((l) => l.startsWith('Auth store'));
      expect(row).toMatch(/^Auth store\s*: /);
      expect(row).toContain(`: ${etcd.storeUrl('/cli-status')}/agents/main (etcd)`);
      expect(status.stdout).toContain('anthropic:work');
      const json = JSON.parse((await cli(a, ['models', 'status', '--json'], { env, secrets: [key] })).stdout);
      expect(json.auth.storeBackend).toBe('etcd');

      const b = home();
      b.write('.clawdbot/auth-store.key', a.read('.clawdbot/auth-store.key'));
      b.write(CONFIG, {
        auth: { store: { backend: 'etcd', endpoints: etcd.endpoints, prefix: '/cli-status' } },
      });
      const onB = await cli(b, ['models', 'status', '--json'], { secrets: [key] });
      expect(onB.code).toBe(0);
      expect(onB.stderr).toBe('');
      const profiles = JSON.parse(onB.stdout).auth.providers.find(
        (p: { provider: string }) => p.provider === 'anthropic',
      );
      expect(profiles.effective.kind).toBe('profiles');
    },
  );

  test(
    'etcd down: status, --check and a write exit 1 naming the endpoints; no fall back to the local file',
    { timeout: 120_000 },
    async () => {
      const h = home();
      h.write(STORE, {
        version: 1,
        profiles: { 'anthropic:local': { type: 'api_key', provider: 'anthropic', key: 'k-local-file' } },
      });
      const before = h.read(STORE);
      const env = {
        CLAWDBOT_AUTH_STORE: 'etcd+http://127.0.0.1:9/down',
        CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '1000',
      };
      for (const args of [
        ['models', 'status'],
        ['models', 'status', '--check'],
        ['models', 'auth', 'order', 'get', '--provider', 'anthropic'],
      ]) {
        const r = await cli(h, args, { env });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('did not answer');
        expect(r.stderr).toContain('127.0.0.1:9');
        expect(r.stdout).not.toContain('anthropic:local');
      }
      const key = fixtureSecret.anthropicApiKey();
      const add = await cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic'], {
        env,
        stdin: `${key}\n`,
        secrets: [key],
      });
      expect(add.code).toBe(1);
      expect(add.stderr).toContain('etcdctl --endpoints http://127.0.0.1:9 endpoint health');
      expect(h.read(STORE)).toBe(before);
    },
  );

  test(
    'store migrate --to etcd --url, store status, migrate again (nothing to do), migrate --to file: the login follows, sources archived',
    { timeout: 120_000 },
    async () => {
      const h = home();
      const key = fixtureSecret.anthropicApiKey();
      const secrets = [key];
      const add = await cli(
        h,
        ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--profile-id', 'anthropic:work'],
        {
          stdin: `${key}\n`,
          secrets,
        },
      );
      expect(add.code).toBe(0);
      const url = etcd.storeUrl('/cli-migrate');

      const toEtcd = await cli(h, ['models', 'auth', 'store', 'migrate', '--to', 'etcd', '--url', url], {
        secrets,
      });
      expect(toEtcd.stderr).toBe('');
      expect(toEtcd.code).toBe(0);
      expect(toEtcd.stdout).toContain(`Migrated ~/.clawdbot/agents -> ${url}:`);
      expect(toEtcd.stdout).toMatch(
        /main: 1 profile; source archived as ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json\.migrated-\d+/,
      );
      expect(h.exists(STORE)).toBe(false);

      const status = await cli(h, ['models', 'auth', 'store', 'status'], { secrets });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('Backend   : etcd (~/.clawdbot/clawdbot.json)');
      expect(status.stdout).toContain(`Store     : ${url}`);
      expect(status.stdout).toMatch(/Reachable : yes \(leader m0, 1 member, etcd 3\.\d+/);
      expect(status.stdout).toContain('Key file  : ~/.clawdbot/auth-store.key (present, opens the store)');
      expect(status.stdout).toContain('Profiles  : 1 (main 1)');
      const json = JSON.parse(
        (await cli(h, ['models', 'auth', 'store', 'status', '--json'], { secrets })).stdout,
      );
      expect(json).toMatchObject({ backend: 'etcd', reachable: true, members: 1, profiles: 1 });
      const models = JSON.parse((await cli(h, ['models', 'status', '--json'], { secrets })).stdout);
      expect(models.auth.storeBackend).toBe('etcd');

      const again = await cli(h, ['models', 'auth', 'store', 'migrate', '--to', 'etcd'], { secrets });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Nothing to migrate');

      const back = await cli(h, ['models', 'auth', 'store', 'migrate', '--to', 'file', '--json'], {
        secrets,
      });
      expect(back.code).toBe(0);
      const r = JSON.parse(back.stdout);
      expect(r.agents).toMatchObject([{ agentId: 'main', profiles: 1, kept: [] }]);
      expect(r.agents[0].archivedAs).toMatch(/^\/cli-migrate\/archive\/\d+\/agents\/main$/);
      // the credential is back in the store file
      expect(Object.keys(h.readJson<{ profiles: object }>(STORE).profiles)).toEqual(['anthropic:work']);
      expect(h.read(STORE)).toContain(key);
      const onFile = await cli(h, ['models', 'auth', 'store', 'status'], { secrets });
      expect(onFile.stdout).toContain('Backend  : file (~/.clawdbot/clawdbot.json)');
      expect(onFile.stdout).toContain('Profiles : 1 (main 1)');
    },
  );

  test('store status on a host without the key file exits 1 and says which file to copy; --json still prints the status', async () => {
    const a = home();
    const key = fixtureSecret.anthropicApiKey();
    const env = { CLAWDBOT_AUTH_STORE: etcd.storeUrl('/cli-nokey') };
    await cli(a, ['models', 'auth', 'paste-token', '--provider', 'anthropic'], {
      env,
      stdin: `${key}\n`,
      secrets: [key],
    });
    const b = home();
    const r = await cli(b, ['models', 'auth', 'store', 'status', '--json'], { env, secrets: [key] });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      reachable: true,
      profiles: 1,
      keyFile: { present: false },
      problem: { code: 'STORE_KEY_MISSING' },
    });
    expect(r.stderr).toContain('copy the key file from a host that uses this store');
  });
});
