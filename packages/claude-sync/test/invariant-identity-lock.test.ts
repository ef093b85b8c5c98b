// DESIGN.md invariant 3: the refresh lock is keyed on the grant's identity, not on a file: a
// refresh of the same login stored for another agent waits while the grant's lock is held.
// The same test on each store backend (on etcd the grant's lease-held lock is taken too).
import { resetStoreBackend, upsertProfile } from '@clawdbot-auth/auth-store';
import {
  closeSharedEtcd,
  type FakeOAuthServer,
  fixtureSecret,
  freshStoreUrl,
  storeBackendKinds,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { withIdentityLock } from '../src/identity-lock.js';
import { getAccessToken } from '../src/index.js';
import { type Fixture, useOAuthFixture } from './helpers.js';

let fx: Fixture;
let server: FakeOAuthServer;
useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});
afterEach(() => resetStoreBackend(fx.ctx));
afterAll(closeSharedEtcd);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(storeBackendKinds())('on the %s store', (backend) => {
  test('a refresh waits while the same grant is locked, whichever store holds it', async () => {
    if (backend === 'etcd') fx.ctx.env.CLAWDBOT_AUTH_STORE = await freshStoreUrl('lock');
    const email = 'me@example.com';
    await upsertProfile(fx.ctx, 'work', `anthropic:${email}`, {
      type: 'oauth',
      provider: 'anthropic',
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
      expires: fx.clock.now - 60_000,
      email,
    });
    let pending: Promise<{ refreshed: boolean }> | undefined;
    let requestsWhileHeld = -1;
    await withIdentityLock(fx.ctx, { provider: 'anthropic', email }, async () => {
      pending = getAccessToken(fx.ctx, 'work', `anthropic:${email}`);
      await sleep(600);
      requestsWhileHeld = server.tokenRequestCount();
    });
    expect(requestsWhileHeld).toBe(0);
    expect((await pending)?.refreshed).toBe(true);
    expect(server.tokenRequestCount()).toBe(1);
  });
});
