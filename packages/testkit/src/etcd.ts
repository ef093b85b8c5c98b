import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type EtcdTls, etcdTlsArgs, healthyTls, makeEtcdTls } from './etcd-tls.js';

/** One etcd member started by a test. */
export interface EtcdMember {
  name: string;
  /** http://127.0.0.1:<port> */
  clientUrl: string;
  pid(): number | undefined;
  /** SIGKILL and wait for the exit (the data dir stays, so `start()` brings it back). */
  kill(): Promise<void>;
  /** SIGSTOP: the process stays but answers nothing (a partitioned or paused member). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Starts the member again with its data dir (after `kill()`), and waits until it is healthy. */
  start(): Promise<void>;
  running(): boolean;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Every member's client URL. */
  endpoints: string[];
  /** With `tls`: the CA and client certificate files a client needs. */
  tls?: { ca: string; cert: string; key: string };
  /** `etcd+http://127.0.0.1:p1,127.0.0.1:p2/<prefix>` (https with `tls`): the CLAWDBOT_AUTH_STORE value. */
  storeUrl(prefix?: string): string;
  /** The member that is leader now (asked with etcdctl), or undefined without quorum. */
  leader(): EtcdMember | undefined;
  /** Stops every member (SIGKILL after SIGCONT) and removes the data dirs. */
  close(): Promise<void>;
}

/** The etcd binary (PATH or /usr/bin), or undefined when etcd is not installed. */
export function etcdBinary(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin']) {
    if (dir === '') continue;
    const p = path.join(dir, 'etcd');
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/**
 * Whether tests that need etcd run: yes when it is installed, and always under CI=true (so
 * they fail there, with `startEtcd`'s install hint, instead of being skipped).
 */
export function etcdTestsEnabled(): boolean {
  return etcdBinary() !== undefined || isCi();
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test runner that dies without `close()` still leaves no etcd behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * A watchdog outside the test process: when that process dies without `close()` (SIGKILL,
 * SIGTERM, a runner killed on timeout; no exit hook runs then) it kills the members whose pids
 * are in `pidFile` and removes the data dirs. It ends by itself once `close()` removed `root`.
 */
const WATCHDOG = `
const fs = require('node:fs');
const [ppid, pidFile, root] = process.argv.slice(1);
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!fs.existsSync(root)) process.exit(0);
  if (alive(Number(ppid))) return;
  let pids = [];
  try { pids = fs.readFileSync(pidFile, 'utf8').split(/\\s+/).filter(Boolean).map(Number); } catch {}
  for (const p of pids) { try { process.kill(p, 'SIGCONT'); process.kill(p, 'SIGKILL'); } catch {} }
  fs.rmSync(root, { recursive: true, force: true });
  process.exit(0);
}, 300);
`;

function startWatchdog(root: string, pidFile: string): void {
  const dog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), pidFile, root], {
    detached: true,
    stdio: 'ignore',
  });
  dog.unref();
}

async function healthy(url: string, tls?: EtcdTls): Promise<boolean> {
  if (tls !== undefined) return healthyTls(url, tls);
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

async function waitHealthy(urls: string[], limitMs: number, log: () => string, tls?: EtcdTls): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const ok = await Promise.all(urls.map((u) => healthy(u, tls)));
    if (ok.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`etcd did not become healthy in ${limitMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts etcd on free loopback ports with a temp data dir: one member by default, or a
 * cluster of `members` (3 for quorum tests), with `extraArgs` for each member. Waits until every
 * member is healthy.
 * @throws when etcd is not installed (the message says what to install)
 */
export async function startEtcd(
  opts: { members?: number; extraArgs?: string[]; tls?: boolean } = {},
): Promise<EtcdCluster> {
  const bin = etcdBinary();
  if (bin === undefined) {
    throw new Error(
      'etcd is not installed: run `apt-get install -y etcd-server etcd-client` (as root), or `scripts/dev test` as root',
    );
  }
  installExitHook();
  const count = opts.members ?? 1;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clawdbot-etcd-'));
  const tls = opts.tls ? makeEtcdTls(root) : undefined;
  const scheme = tls ? 'https' : 'http';
  const specs: { name: string; client: number; peer: number }[] = [];
  for (let i = 0; i < count; i++)
    specs.push({ name: `m${i}`, client: await freePort(), peer: await freePort() });
  const initialCluster = specs.map((s) => `${s.name}=http://127.0.0.1:${s.peer}`).join(',');
  const token = `t-${path.basename(root)}`;
  let output = '';
  const pidFile = path.join(root, 'pids');
  const mine = new Set<ChildProcess>();
  const notePids = () => {
    const pids = [...mine].map((c) => c.pid).filter((p) => p !== undefined);
    try {
      fs.writeFileSync(pidFile, pids.join('\n'));
    } catch {
      // closed: the root is gone
    }
  };
  startWatchdog(root, pidFile);

  const members: EtcdMember[] = specs.map((s) => {
    const clientUrl = `${scheme}://127.0.0.1:${s.client}`;
    const dataDir = path.join(root, s.name);
    let child: ChildProcess | undefined;
    let first = true;
    const launch = () => {
      const args = [
        `--name=${s.name}`,
        `--data-dir=${dataDir}`,
        `--listen-client-urls=${clientUrl}`,
        `--advertise-client-urls=${clientUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${s.peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${s.peer}`,
        `--initial-cluster=${initialCluster}`,
        `--initial-cluster-state=${first ? 'new' : 'existing'}`,
        `--initial-cluster-token=${token}`,
        '--heartbeat-interval=50',
        '--election-timeout=500',
        '--logger=zap',
        '--log-level=error',
        ...(tls ? etcdTlsArgs(tls) : []),
        ...(opts.extraArgs ?? []),
      ];
      first = false;
      const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
      const keep = (d: Buffer) => {
        output = (output + d.toString()).slice(-4000);
      };
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      live.add(c);
      mine.add(c);
      notePids();
      c.on('exit', () => {
        live.delete(c);
        mine.delete(c);
        notePids();
      });
      child = c;
    };
    const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
    const member: EtcdMember = {
      name: s.name,
      clientUrl,
      pid: () => child?.pid,
      running,
      async kill() {
        const c = child;
        if (c === undefined || !running()) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGCONT');
        c.kill('SIGKILL');
        await exited;
      },
      pause() {
        child?.kill('SIGSTOP');
      },
      resume() {
        child?.kill('SIGCONT');
      },
      async start() {
        if (running()) return;
        launch();
        await waitHealthy([clientUrl], 20_000, () => output, tls);
      },
    };
    (member as EtcdMember & { launch: () => void }).launch = launch;
    return member;
  });

  for (const m of members) (m as EtcdMember & { launch: () => void }).launch();
  const endpoints = members.map((m) => m.clientUrl);
  const cluster: EtcdCluster = {
    members,
    endpoints,
    ...(tls ? { tls: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey } } : {}),
    storeUrl(prefix = '/clawdbot') {
      return `etcd+${scheme}://${endpoints.map((u) => u.replace(/^https?:\/\//, '')).join(',')}${prefix}`;
    },
    leader() {
      const ctl = path.join(path.dirname(bin), 'etcdctl');
      for (const m of members) {
        if (!m.running()) continue;
        try {
          const out = execFileSync(ctl, ['--endpoints', m.clientUrl, 'endpoint', 'status', '-w', 'json'], {
            env: { ...process.env, ETCDCTL_API: '3' },
            timeout: 2000,
            stdio: ['ignore', 'pipe', 'ignore'],
          }).toString();
          // uint64 ids: compared as digit strings (JSON.parse would round them)
          const mine = /"member_id":(\d+)/.exec(out)?.[1];
          const leaderId = /"leader":(\d+)/.exec(out)?.[1];
          if (mine === undefined || leaderId === undefined || leaderId === '0') continue;
          if (leaderId === mine) return m;
        } catch {
          // member paused or down
        }
      }
      return undefined;
    },
    async close() {
      await Promise.all(members.map((m) => m.kill()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await waitHealthy(endpoints, 30_000, () => output, tls);
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}
