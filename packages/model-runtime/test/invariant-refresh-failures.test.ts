// DESIGN.md invariant 4: a permanent refresh failure marks the profile dead (no further
// token-endpoint calls until a new login); a transient one backs off and leaves the credential
// untouched. Seen from the runtime: several turns, each in a new session, with the clock moved
// past every cooldown, against a loopback token endpoint and model server. The same tests on
// each store backend.
import {
  closeSharedEtcd,
  fixtureSecret,
  modelStep,
  type StoreBackendKind,
  startFakeOAuthServer,
  storeBackendKinds,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { apiKey, harness, oauth } from './helpers.js';

const DAY = 86_400_000;
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(closeSharedEtcd);

async function setup(backend: StoreBackendKind, mode: 'invalid_grant' | 'server_error', withKey = true) {
  const oauthServer = await startFakeOAuthServer({ mode });
  servers.push(oauthServer);
  const clock = { now: Date.now() };
  const sub = {
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
  };
  const h = await harness({
    profiles: {
      'anthropic:sub': oauth(sub.access, sub.refresh, clock.now - 60_000),
      ...(withKey ? { 'anthropic:key': apiKey(fixtureSecret.anthropicApiKey()) } : {}),
    },
    // explicit order: the OAuth profile is always the first one the runtime considers
    storeExtra: { order: { anthropic: ['anthropic:sub', 'anthropic:key'] } },
    env: oauthServer.env,
    now: () => clock.now,
    backend,
    script: () => modelStep.reply('ok'),
  });
  return { h, oauthServer, clock, sub };
}

describe.each(storeBackendKinds())(
  'invariant 4: refresh failures seen from the runtime (%s store)',
  (backend) => {
    test('invalid_grant: one token request over many turns, even after every cooldown ran out', async () => {
      const { h, oauthServer, clock, sub } = await setup(backend, 'invalid_grant', false);
      for (let i = 0; i < 3; i++) {
        const err = await h.turn('hi', { sessionKey: `agent:main:t${i}` }).catch((e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as { details?: string[] }).details?.join('\n')).toContain('anthropic:sub');
        clock.now += 2 * DAY;
      }
      expect(oauthServer.tokenRequestCount()).toBe(1);
      expect(h.server.requests).toHaveLength(0);
      expect((await h.raw()).profiles['anthropic:sub']).toMatchObject(sub);
    });

    test('a 503 from the token endpoint: credential untouched, backed off, retried once the back-off ends', async () => {
      const { h, oauthServer, clock, sub } = await setup(backend, 'server_error');
      expect((await h.turn('hi', { sessionKey: 'agent:main:t0' })).reply).toBe('ok');
      expect(oauthServer.tokenRequestCount()).toBe(1);
      expect((await h.raw()).profiles['anthropic:sub']).toMatchObject(sub);
      expect(Number((await h.raw()).usageStats?.['anthropic:sub']?.cooldownUntil)).toBeGreaterThan(clock.now);

      expect((await h.turn('hi', { sessionKey: 'agent:main:t1' })).reply).toBe('ok');
      expect(oauthServer.tokenRequestCount()).toBe(1);

      oauthServer.set({ mode: 'ok' });
      clock.now += 2 * DAY;
      const r = await h.turn('hi', { sessionKey: 'agent:main:t2' });
      expect(oauthServer.tokenRequestCount()).toBe(2);
      expect(r.profileId).toBe('anthropic:sub');
      expect((await h.raw()).profiles['anthropic:sub']?.refresh).not.toBe(sub.refresh);
    });
  },
);
