import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { type EtcdCluster, etcdTestsEnabled, startEtcd } from '../src/index.js';

const clusters: EtcdCluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function put(endpoint: string, key: string, value: string): void {
  execFileSync('etcdctl', ['--endpoints', endpoint, '--command-timeout=3s', 'put', key, value], {
    env: { ...process.env, ETCDCTL_API: '3' },
  });
}

function get(endpoint: string, key: string): string {
  return execFileSync(
    'etcdctl',
    ['--endpoints', endpoint, '--command-timeout=3s', 'get', '--print-value-only', key],
    {
      env: { ...process.env, ETCDCTL_API: '3' },
    },
  )
    .toString()
    .trim();
}

describe.runIf(etcdTestsEnabled())('startEtcd', () => {
  test('one member serves reads and writes on a loopback port; close() leaves no process', async () => {
    const c = await startEtcd();
    clusters.push(c);
    expect(c.endpoints).toHaveLength(1);
    expect(c.endpoints[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    put(c.endpoints[0] as string, '/t/a', 'one');
    expect(get(c.endpoints[0] as string, '/t/a')).toBe('one');
    const pid = c.members[0]?.pid();
    expect(alive(pid)).toBe(true);
    await c.close();
    expect(alive(pid)).toBe(false);
  });

  test('three members: a leader, a write on one read on another, quorum kept with one member stopped', async () => {
    const c = await startEtcd({ members: 3 });
    clusters.push(c);
    expect(c.storeUrl('/p')).toMatch(
      /^etcd\+http:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/p$/,
    );
    const leader = c.leader();
    expect(leader).toBeDefined();
    // the member paused is a follower: a paused leader stalls writes until an election
    const [d, a, b] = [...c.members].sort((x, y) => Number(x === leader) - Number(y === leader)) as [
      EtcdCluster['members'][0],
      EtcdCluster['members'][0],
      EtcdCluster['members'][0],
    ];
    put(a.clientUrl, '/t/x', 'from-a');
    expect(get(b.clientUrl, '/t/x')).toBe('from-a');
    d.pause();
    put(a.clientUrl, '/t/y', 'with-two');
    expect(get(b.clientUrl, '/t/y')).toBe('with-two');
    d.resume();
    await leader?.kill();
    expect(leader?.running()).toBe(false);
    await leader?.start();
    expect(get(leader?.clientUrl as string, '/t/y')).toBe('with-two');
  });

  test('a test process killed with SIGKILL (no afterAll, no exit hook) leaves no etcd behind', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const code = `import { startEtcd } from ${JSON.stringify(dist)};
const c = await startEtcd({ members: 2 });
console.log(JSON.stringify(c.members.map((m) => m.pid())));
setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] as string);
      });
      child.on('exit', (c) => reject(new Error(`child exited (${c}) before starting etcd`)));
    });
    const pids = JSON.parse(line) as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);
    child.kill('SIGKILL');
    // the watchdog notices within a fraction of a second; the wait is bounded by the test timeout
    while (pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
    expect(pids.some(alive)).toBe(false);
  });
});
