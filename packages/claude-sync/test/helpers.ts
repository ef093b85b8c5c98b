import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { upsertProfile } from '@clawdbot-auth/auth-store';
import {
  type FakeOAuthServer,
  fixtureSecret,
  makeTempHome,
  startFakeOAuthServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterEach, beforeEach } from 'vitest';
import type { SyncContext } from '../src/index.js';
import { resetSyncMemory } from '../src/index.js';

export const STORE_REL = '.clawdbot/agents/main/agent/auth-profiles.json';
export const CLAUDE_REL = '.claude/.credentials.json';

export interface Fixture {
  h: TempHome;
  ctx: SyncContext;
  logs: string[];
  clock: { now: number };
  storeJson(): { profiles: Record<string, Record<string, unknown>>; [k: string]: unknown } | undefined;
}

/** A temp HOME and a context over it with a fixed clock and a captured log. */
export function setup(extraEnv: Record<string, string> = {}, now = 1_795_582_384_419): Fixture {
  resetSyncMemory();
  const h = makeTempHome();
  const clock = { now };
  const logs: string[] = [];
  const ctx: SyncContext = {
    env: { ...h.env, ...extraEnv },
    homedir: h.home,
    cwd: h.home,
    platform: 'linux',
    now: () => clock.now,
    log: (l) => logs.push(l),
    keychainTimeoutMs: 2_000,
    oauthTimeoutMs: 5_000,
  };
  return {
    h,
    ctx,
    logs,
    clock,
    storeJson: () => (h.exists(STORE_REL) ? h.readJson(STORE_REL) : undefined),
  };
}

/** Claude Code's file content for a grant. */
export function claudeFile(o: {
  access: string;
  refresh?: string;
  expiresAt: unknown;
  extra?: object;
}): object {
  return {
    claudeAiOauth: {
      accessToken: o.access,
      ...(o.refresh ? { refreshToken: o.refresh } : {}),
      expiresAt: o.expiresAt,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
      ...o.extra,
    },
  };
}

/** Writes an executable shell script into a fresh bin dir; returns the dir. */
export function binWith(h: TempHome, name: string, body: string): string {
  const dir = path.join(h.home, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** Per test: a fake OAuth server and a temp HOME whose env points at it; both torn down after. */
export function useOAuthFixture(set: (fx: Fixture, server: FakeOAuthServer) => void): void {
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const server = await startFakeOAuthServer();
    const fx = setup(server.env);
    cleanup = async () => {
      await server.close();
      fx.h.cleanup();
    };
    set(fx, server);
  });
  afterEach(async () => {
    await cleanup?.();
  });
}

/** fixtures/refresh-child.mjs: a process that asks for profiles' access tokens (see its header). */
export const REFRESH_CHILD = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'refresh-child.mjs',
);

/** Runs the refresh child with `args` in `env`; resolves with its exit code and output. */
export function runRefreshChild(
  env: Record<string, string | undefined>,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [REFRESH_CHILD, ...args], { env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stores an Anthropic OAuth login that expired a minute ago (wall clock) as `profileId`. */
export async function storeExpiredOAuth(
  ctx: SyncContext,
  profileId = 'anthropic:me',
): Promise<{ type: 'oauth'; provider: string; access: string; refresh: string; expires: number }> {
  const old = {
    type: 'oauth' as const,
    provider: 'anthropic',
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: Date.now() - 60_000,
  };
  await upsertProfile({ ...ctx, now: () => Date.now() }, 'main', profileId, old);
  return old;
}
