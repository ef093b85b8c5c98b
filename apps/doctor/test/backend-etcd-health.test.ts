// Doctor on the etcd store: stale lock keys (no lease, or a holder on this host that died) are
// reported with the fix and removed by the repair; a live holder's lock is left alone; a member
// that does not answer while the others keep quorum is a warning naming it.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { upsertProfile } from '@clawdbot-auth/auth-store';
import { type EtcdCluster, etcdTestsEnabled, startEtcd } from '@clawdbot-auth/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { doctor, given } from './helpers.js';

describe.runIf(etcdTestsEnabled())('doctor: etcd locks and members', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
  });
  afterAll(async () => {
    await etcd?.close();
  });

  const etcdctl = (...args: string[]) =>
    execFileSync('etcdctl', ['--endpoints', etcd.endpoints.join(','), ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    })
      .toString()
      .trim();

  async function seeded(prefix: string) {
    const h = given({ CLAWDBOT_AUTH_STORE: etcd.storeUrl(prefix) });
    await upsertProfile(h.ctx(), 'main', 'anthropic:work', {
      type: 'api_key',
      provider: 'anthropic',
      key: 'sk-ant-api03-doctor-etcd-health-0000000000',
    });
    return h;
  }
  const found = async (h: ReturnType<typeof given>, id: string, repair = false) =>
    (await doctor(h.ctx(), { repair })).findings.filter((f) => f.id === id);

  test('a lock without a lease: an error with the fix; --fix removes it; a second run finds nothing', async () => {
    const h = await seeded('/doc-nolease');
    etcdctl('put', '/doc-nolease/locks/oauth-0123456789abcdef', '');
    const [f] = await found(h, 'store.etcd-lock');
    expect(f).toMatchObject({ severity: 'error' });
    expect(f?.message).toContain(
      'the etcd lock oauth-0123456789abcdef under /doc-nolease/locks/ has no lease: it never expires',
    );
    expect(f?.fix).toContain('clawdbot doctor --fix');
    const fixed = await doctor(h.ctx(), { repair: true });
    expect(fixed.repaired.map((r) => r.id)).toContain('store.etcd-lock');
    expect(etcdctl('get', '--prefix', '--keys-only', '/doc-nolease/locks/')).toBe('');
    expect(await found(h, 'store.etcd-lock')).toEqual([]);
  });

  test("a lock whose holder on this host died: a warning naming the process; a live holder's lock is not reported", async () => {
    const h = await seeded('/doc-dead');
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid;
    // as clawdbot takes a lock: one lease per lock, the holder as the value
    const lock = (key: string, pid: number) => {
      const lease = /lease ([0-9a-f]+) granted/.exec(etcdctl('lease', 'grant', '300'))?.[1] as string;
      etcdctl(
        'put',
        `--lease=${lease}`,
        key,
        JSON.stringify({ host: os.hostname(), pid, since: Date.now() }),
      );
    };
    lock('/doc-dead/locks/oauth-dead', dead);
    lock('/doc-dead/locks/oauth-live', process.pid);
    const locks = await found(h, 'store.etcd-lock');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ severity: 'warn' });
    expect(locks[0]?.message).toContain(
      `the etcd lock oauth-dead under /doc-dead/locks/ (process ${dead} on ${os.hostname()})`,
    );
    expect(locks[0]?.message).toContain(
      'was left by a process of this host that stopped; it expires by itself within',
    );
    await doctor(h.ctx(), { repair: true });
    expect(etcdctl('get', '--prefix', '--keys-only', '/doc-dead/locks/')).toBe('/doc-dead/locks/oauth-live');
  });

  test('one member paused: a warning naming it, the store still works; all answering: nothing', async () => {
    const h = await seeded('/doc-members');
    expect(await found(h, 'store.etcd-member')).toEqual([]);
    const paused = etcd.members.find((m) => m !== etcd.leader()) ?? etcd.members[2];
    paused?.pause();
    try {
      const h2 = given({
        CLAWDBOT_AUTH_STORE: etcd.storeUrl('/doc-members'),
        CLAWDBOT_AUTH_STORE_TIMEOUT_MS: '1500',
      });
      h2.home.write('.clawdbot/auth-store.key', h.home.read('.clawdbot/auth-store.key'));
      const r = await doctor(h2.ctx());
      const members = r.findings.filter((f) => f.id === 'store.etcd-member');
      expect(members).toHaveLength(1);
      expect(members[0]?.message).toContain(
        `etcd member ${paused?.name} (${paused?.clientUrl}) does not answer`,
      );
      expect(members[0]?.message).toContain('2 of 3 members answer');
      expect(members[0]?.fix).toBe(`etcdctl --endpoints ${paused?.clientUrl} endpoint health`);
      expect(r.findings.map((f) => f.id)).not.toContain('store.backend');
    } finally {
      paused?.resume();
    }
  }, 60_000);
});
