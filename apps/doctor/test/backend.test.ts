import { upsertProfile } from '@clawdbot-auth/auth-store';
import { type EtcdCluster, etcdTestsEnabled, startEtcd } from '@clawdbot-auth/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { doctor, given } from './helpers.js';

describe.runIf(etcdTestsEnabled())('store.backend on the etcd store', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.close();
  });

  test('a working store and key file: nothing to report; another host without the key file: an error naming the file to copy', async () => {
    const url = etcd.storeUrl('/doctor-key');
    const a = given({ CLAWDBOT_AUTH_STORE: url });
    await upsertProfile(a.ctx(), 'main', 'anthropic:work', {
      type: 'api_key',
      provider: 'anthropic',
      key: 'sk-ant-api03-doctor-backend-test-key-0000000000',
    });
    expect((await doctor(a.ctx())).findings.filter((f) => f.id === 'store.backend')).toEqual([]);

    const b = given({ CLAWDBOT_AUTH_STORE: url });
    const found = (await doctor(b.ctx())).findings.filter((f) => f.id === 'store.backend');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', file: b.home.path('.clawdbot/auth-store.key') });
    expect(found[0]?.message).toContain('is sealed, and this host has no key file');
    expect(found[0]?.fix).toContain('copy the key file from a host that uses this store');

    b.home.write('.clawdbot/auth-store.key', `${Buffer.alloc(32, 1).toString('base64')}\n`);
    const wrong = (await doctor(b.ctx())).findings.filter((f) => f.id === 'store.backend');
    expect(wrong[0]?.message).toContain('does not open the credential store');
  });

  test('etcd not answering: one error naming the endpoints and what to check, within the bound', async () => {
    const { ctx } = given({
      CLAWDBOT_AUTH_STORE: 'etcd+http://127.0.0.1:9/x',
      CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '1000',
    });
    const found = (await doctor(ctx())).findings.filter((f) => f.id === 'store.backend');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('(http://127.0.0.1:9) did not answer');
    expect(found[0]?.fix).toContain('etcdctl --endpoints http://127.0.0.1:9 endpoint health');
  });

  test('the file store: no store.backend finding', async () => {
    const { ctx } = given();
    expect((await doctor(ctx())).findings.map((f) => f.id)).not.toContain('store.backend');
  });
});
