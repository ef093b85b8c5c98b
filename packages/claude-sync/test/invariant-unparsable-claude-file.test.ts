// DESIGN.md invariant 2: a file that does not parse is never overwritten. Here the file is
// Claude Code's ~/.claude/.credentials.json, which a refresh of anthropic:claude-cli writes
// back to: a half-written copy that still holds the old refresh token must stay as it is.
import fs from 'node:fs';
import { upsertProfile } from '@clawdbot-auth/auth-store';
import { type FakeOAuthServer, fixtureSecret } from '@clawdbot-auth/testkit';
import { expect, test } from 'vitest';
import { getAccessToken } from '../src/index.js';
import { CLAUDE_REL, claudeFile, type Fixture, useOAuthFixture } from './helpers.js';

let fx: Fixture;
let server: FakeOAuthServer;
useOAuthFixture((f, s) => {
  fx = f;
  server = s;
});

test('a refresh never writes back into a Claude Code file that does not parse', async () => {
  const cred = {
    type: 'oauth' as const,
    provider: 'anthropic',
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expires: fx.clock.now - 60_000,
  };
  await upsertProfile(fx.ctx, 'main', 'anthropic:claude-cli', cred);
  const whole = JSON.stringify(
    claudeFile({ access: cred.access, refresh: cred.refresh, expiresAt: cred.expires }),
    null,
    2,
  );
  // cut off after the refresh token: the grant is in the text, the JSON is not whole
  const cut = whole.slice(0, whole.indexOf(cred.refresh) + cred.refresh.length + 2);
  fx.h.write(CLAUDE_REL, cut, 0o600);

  const r = await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');

  expect(r.refreshed).toBe(true);
  expect(server.tokenRequestCount()).toBe(1);
  expect(fx.storeJson()?.profiles['anthropic:claude-cli']?.access).toBe(r.token);
  expect(fs.readFileSync(fx.h.path(CLAUDE_REL), 'utf8')).toBe(cut);
  expect(fs.readdirSync(fx.h.path('.claude'))).toEqual(['.credentials.json']);
});
