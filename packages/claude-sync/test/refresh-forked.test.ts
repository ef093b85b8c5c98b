// A grant that upstream copied into two agents' stores: the first refresh rotates it; the
// second holder must adopt that rotation instead of spending the used refresh token
// (which the provider rejects as reused, killing the copy).
import { readStore, upsertProfile } from '@clawdbot-auth/auth-store';
import { type FakeOAuthServer, fixtureSecret } from '@clawdbot-auth/testkit';
import { expect, test } from 'vitest';
import { getAccessToken } from '../src/index.js';
import { type Fixture, useOAuthFixture } from './helpers.js';

let fx: Fixture;
let server: FakeOAuthServer;
useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});

test.each([
  ['with an email', 'me@example.com'],
  ['without an email', undefined],
])('one grant stored for two agents (%s) is refreshed once and both keep working', async (_l, email) => {
  const id = `anthropic:${email ?? 'default'}`;
  const grant = {
    type: 'oauth' as const,
    provider: 'anthropic',
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: fx.clock.now - 60_000,
    ...(email ? { email } : {}),
  };
  await upsertProfile(fx.ctx, 'main', id, grant);
  await upsertProfile(fx.ctx, 'work', id, grant);

  const results = await Promise.allSettled([
    getAccessToken(fx.ctx, 'main', id),
    getAccessToken(fx.ctx, 'work', id),
  ]);

  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  expect(server.tokenRequestCount()).toBe(1);
  const tokens = results.map((r) => (r.status === 'fulfilled' ? r.value.token : ''));
  expect(tokens[0]).toBe(tokens[1]);
  const work = await readStore(fx.ctx, 'work');
  expect(work.store.clawdbot?.dead?.[id]).toBeUndefined();
  const main = (await readStore(fx.ctx, 'main')).store.profiles[id];
  expect(work.store.profiles[id]).toMatchObject({ refresh: main?.type === 'oauth' ? main.refresh : 'x' });
});
