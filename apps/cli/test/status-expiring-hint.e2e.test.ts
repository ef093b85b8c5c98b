import { fixtureSecret } from '@clawdbot-auth/testkit';
import { expect, test } from 'vitest';
import { cli, HOUR, home } from './helpers.js';

test('models status: a setup-token the next request uses that expires soon says what to run (it cannot refresh itself)', async () => {
  const h = home();
  // `claude setup-token` leaves a token-only login: no refresh token
  h.write('.claude/.credentials.json', {
    claudeAiOauth: {
      accessToken: fixtureSecret.anthropicOAuthAccess(),
      expiresAt: Date.now() + 3 * HOUR,
      scopes: ['user:inference'],
    },
  });
  const r = await cli(h, ['models', 'status']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^- anthropic next: anthropic:claude-cli \(claude-cli\) {2}\(expires in (2|3)h; it cannot refresh itself\) run: clawdbot models auth setup-token --provider anthropic$/m,
  );
});

test('models status: a refreshable login that expires soon gets no such hint', async () => {
  const h = home();
  h.write('.claude/.credentials.json', {
    claudeAiOauth: {
      accessToken: fixtureSecret.anthropicOAuthAccess(),
      refreshToken: fixtureSecret.anthropicOAuthRefresh(),
      expiresAt: Date.now() + 3 * HOUR,
      scopes: ['user:inference'],
    },
  });
  const r = await cli(h, ['models', 'status']);
  expect(r.stdout).toMatch(/^- anthropic next: anthropic:claude-cli \(claude-cli\)$/m);
});
