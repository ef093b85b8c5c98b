import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { upsertProfile } from '@clawdbot-auth/auth-store';
import { type FakeOAuthServer, fixtureSecret, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Fixture, runRefreshChild, setup, storeExpiredOAuth } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist', 'index.js');

let fx: Fixture;
let server: FakeOAuthServer;
beforeEach(async () => {
  server = await startFakeOAuthServer({ delayMs: 300 });
  fx = setup({ ...server.env });
  fx.ctx.env.CLAWDBOT_STATE_DIR = fx.h.stateDir;
});
afterEach(async () => {
  await server.close();
  fx.h.cleanup();
});

const run = (args: string[]) => runRefreshChild(fx.ctx.env, args);

test('20 processes x 5 callers on one expired profile: one token request, 100 callers get the new token', async () => {
  expect(fs.existsSync(dist), 'build the package first: pnpm run build').toBe(true);
  const old = await storeExpiredOAuth(fx.ctx);
  const runs = await Promise.all(Array.from({ length: 20 }, () => run(['anthropic:me', '5'])));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const tokens = runs.flatMap((r) => JSON.parse(r.stdout) as string[]);
  expect(tokens).toHaveLength(100);
  expect(server.tokenRequestCount()).toBe(1);
  const stored = fx.storeJson()?.profiles['anthropic:me'];
  expect(new Set(tokens)).toEqual(new Set([stored?.access]));
  expect(stored?.access).not.toBe(old.access);
}, 90_000);

test('a revoked grant across processes: one request, every process told to log in again', async () => {
  server.set({ mode: 'invalid_grant', delayMs: 0 });
  await upsertProfile({ ...fx.ctx, now: () => Date.now() }, 'main', 'openai-codex:me', {
    type: 'oauth',
    provider: 'openai-codex',
    access: fixtureSecret.opaque(),
    refresh: fixtureSecret.opaque(),
    expires: Date.now() - 60_000,
  });
  const runs = await Promise.all(Array.from({ length: 5 }, () => run(['openai-codex:me', '3'])));
  for (const r of runs) expect(JSON.parse(r.stdout)).toEqual({ error: 'OAUTH_REFRESH_REVOKED' });
  expect(server.tokenRequestCount()).toBe(1);
}, 90_000);
