import { fingerprint, readAuthEvents, upsertProfile } from '@clawdbot-auth/auth-store';
import { type FakeOAuthServer, fixtureSecret, leakedWindows } from '@clawdbot-auth/testkit';
import { expect, test } from 'vitest';
import { getAccessToken, refreshProfile, syncExternalCredentials } from '../src/index.js';
import { CLAUDE_REL, claudeFile, type Fixture, useOAuthFixture } from './helpers.js';

const MIN = 60_000;
let fx: Fixture;
let server: FakeOAuthServer;

useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});

async function storeOAuth(profileId: string, expiresIn: number) {
  const cred = {
    type: 'oauth' as const,
    provider: 'anthropic',
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: fx.clock.now + expiresIn,
  };
  await upsertProfile(fx.ctx, 'main', profileId, cred);
  return cred;
}

const journalText = () => fx.h.read('.clawdbot/logs/auth-events.jsonl');

test('sync, refresh, adoption, failures and the dead mark: one record each, with generations and no secret bytes', async () => {
  const planted: string[] = [];
  const cc = { access: fixtureSecret.anthropicOAuthAccess(), refresh: fixtureSecret.anthropicOAuthRefresh() };
  planted.push(cc.access, cc.refresh);
  fx.h.write(CLAUDE_REL, claudeFile({ ...cc, expiresAt: fx.clock.now + 300 * MIN }));
  await syncExternalCredentials(fx.ctx, 'main');

  const work = await storeOAuth('anthropic:work', -MIN);
  planted.push(work.access, work.refresh);
  await refreshProfile(fx.ctx, 'main', 'anthropic:work');

  // Claude Code rotated its grant itself: ours adopts it instead of spending the refresh token.
  const stale = await storeOAuth('anthropic:claude-cli', -MIN);
  const newer = {
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
  };
  planted.push(stale.access, stale.refresh, newer.access, newer.refresh);
  fx.h.write(CLAUDE_REL, claudeFile({ ...newer, expiresAt: fx.clock.now + 300 * MIN }));
  await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');

  const flaky = await storeOAuth('anthropic:flaky', -MIN);
  planted.push(flaky.access, flaky.refresh);
  server.set({ mode: 'server_error' });
  await expect(refreshProfile(fx.ctx, 'main', 'anthropic:flaky')).rejects.toMatchObject({
    code: 'OAUTH_REFRESH_TRANSIENT',
  });
  server.set({ mode: 'invalid_grant' });
  await expect(refreshProfile(fx.ctx, 'main', 'anthropic:flaky')).rejects.toMatchObject({
    code: 'OAUTH_REFRESH_REVOKED',
  });

  const { events } = await readAuthEvents(fx.ctx);
  expect(events.map((e) => [e.event, e.profileId])).toEqual([
    ['synced', 'anthropic:claude-cli'],
    ['refreshed', 'anthropic:work'],
    ['rotation-adopted', 'anthropic:claude-cli'],
    ['refresh-failed', 'anthropic:flaky'],
    ['refresh-failed', 'anthropic:flaky'],
    ['marked-dead', 'anthropic:flaky'],
  ]);
  expect(events[0]).toMatchObject({ cause: 'from claude cli', generation: fingerprint(cc.refresh) });
  expect(events[1]).toMatchObject({ generation: fingerprint(work.refresh), cause: 'access token due' });
  expect(events[2]).toMatchObject({
    generation: fingerprint(stale.refresh),
    fingerprint: fingerprint(newer.access),
  });
  expect(events[3]?.cause).toMatch(/transient/);
  expect(events[4]?.cause).toMatch(/invalid_grant.*permanent/);
  expect(events[5]).toMatchObject({ generation: fingerprint(flaky.refresh) });
  const text = journalText();
  const rotated = fx.storeJson()?.profiles['anthropic:work'] as { access: string; refresh: string };
  expect(leakedWindows(text, [...planted, rotated.access, rotated.refresh])).toEqual([]);
});
