import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakeOAuthServer, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { afterEach, beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import { type Fixture, REFRESH_CHILD, setup, storeExpiredOAuth } from './helpers.js';

// Invariant 9: once the token request is sent, the rotation is kept whatever happens next.
const here = path.dirname(fileURLToPath(import.meta.url));
const AGENT_REL = '.clawdbot/agents/main/agent';
const ROOT = process.getuid?.() === 0;
/** As root, permission bits do not stop writes: run the refresh as "nobody" instead. */
const NOBODY = 65534;

let fx: Fixture;
let server: FakeOAuthServer;
beforeEach(async () => {
  server = await startFakeOAuthServer({ delayMs: 1_500 });
  fx = setup({ ...server.env });
  fx.ctx.env.CLAWDBOT_STATE_DIR = fx.h.stateDir;
  fx.ctx.env.TMPDIR = fx.h.path('tmp');
});
afterEach(async () => {
  await server.close();
  fs.chmodSync(fx.h.path(AGENT_REL), 0o700);
  fx.h.cleanup();
});

const storeExpired = () => storeExpiredOAuth(fx.ctx);

function start(opts: { asUid?: number } = {}): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [REFRESH_CHILD, 'anthropic:me', '1'], {
    env: fx.ctx.env as NodeJS.ProcessEnv,
    ...(opts.asUid === undefined ? {} : { uid: opts.asUid, gid: opts.asUid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

async function untilTokenRequest(): Promise<void> {
  while (server.tokenRequestCount() === 0) await new Promise((r) => setTimeout(r, 20));
}

describe('a signal while the token request is in flight', () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    test(`${sig}: waits for the answer, saves the rotation, exits ${code}; the next run needs no request`, async () => {
      const old = await storeExpired();
      const run = start();
      await untilTokenRequest();
      run.child.kill(sig);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toContain(`${sig}: finishing the token refresh first`);
      const stored = fx.storeJson()?.profiles['anthropic:me'];
      expect(stored?.refresh).not.toBe(old.refresh);
      expect(stored?.expires).toBeGreaterThan(Date.now());
      // the spent refresh token is never needed again: the next process uses the saved grant
      server.set({ delayMs: 0 });
      const next = await start().done;
      expect(next.code, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout)).toEqual([stored?.access]);
      expect(server.tokenRequestCount()).toBe(1);
    }, 30_000);
  }
});

describe('a rotation that cannot be saved', () => {
  test('read-only agent dir: the grant goes to a 0600 recovery file, the next command imports it', async () => {
    const old = await storeExpired();
    server.set({ delayMs: 0 });
    const asUid = ROOT ? NOBODY : undefined;
    if (asUid !== undefined) {
      chownTree(fx.h.home, asUid);
      onTestFinished(letOthersTraverse(process.execPath, here));
    }
    fs.chmodSync(fx.h.path(AGENT_REL), 0o500);
    const r = await start(asUid === undefined ? {} : { asUid }).done;
    expect(r.code, r.stderr).toBe(0);
    const used = (JSON.parse(r.stdout) as string[])[0];
    expect(r.stderr).toMatch(
      /warning: anthropic:me: the refreshed login could not be saved \(.+\); it was kept in .+auth-recovery-main-anthropic_me-\d+\.json \(0600\), and the next clawdbot command imports it once .+ is writable/,
    );
    // nothing changed in the store yet, and the recovery file holds the new grant
    expect(fx.storeJson()?.profiles['anthropic:me']?.refresh).toBe(old.refresh);
    const recovery = path.join(fx.h.stateDir, 'recovery');
    const files = fs.readdirSync(recovery);
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(recovery, files[0] as string)).mode & 0o777).toBe(0o600);
    // writable again: the next process imports it under the lock and makes no token request
    fs.chmodSync(fx.h.path(AGENT_REL), 0o700);
    const next = await start(asUid === undefined ? {} : { asUid }).done;
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toEqual([used]);
    expect(server.tokenRequestCount()).toBe(1);
    expect(fx.storeJson()?.profiles['anthropic:me']?.access).toBe(used);
    expect(fs.readdirSync(recovery)).toEqual([]);
  }, 30_000);
});

/**
 * As root the child runs as `nobody` (root ignores a read-only directory). It must be able to
 * reach node and this checkout: a checkout in a `mktemp -d` directory (0700, as CI clones it)
 * would refuse it. Adds the search bit (o+x, no listing) to each directory above `paths` that
 * lacks it, and returns what puts every one of them back (nothing is left changed on the machine).
 */
function letOthersTraverse(...paths: string[]): () => void {
  const changed: [string, number][] = [];
  for (const p of paths) {
    for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode & 0o7777;
      if ((mode & 0o001) === 0) {
        fs.chmodSync(dir, mode | 0o001);
        changed.push([dir, mode]);
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return () => {
    for (const [dir, mode] of changed.reverse()) fs.chmodSync(dir, mode);
  };
}

function chownTree(p: string, uid: number): void {
  fs.lchownSync(p, uid, uid);
  if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p)) chownTree(path.join(p, n), uid);
}
