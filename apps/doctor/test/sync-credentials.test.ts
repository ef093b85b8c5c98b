import { fingerprint } from '@clawdbot-auth/auth-store';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { CONFIG, DAY, doctor, HOUR, hashTree, ids, NOW, STORE, setup, storeOf } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function given(env: Record<string, string> = {}) {
  const s = setup(env);
  homes.push(s.home);
  return s;
}

describe('Claude Code / Codex sync', () => {
  test('a Claude Code login is imported once and said so; the next run changes nothing', async () => {
    const { home, ctx } = given();
    home.write('.claude/.credentials.json', {
      claudeAiOauth: {
        accessToken: fixtureSecret.anthropicOAuthAccess(),
        refreshToken: fixtureSecret.anthropicOAuthRefresh(),
        expiresAt: NOW + 10 * DAY,
        scopes: ['user:inference'],
      },
    });
    const r1 = await doctor(ctx());
    expect(r1.findings.find((f) => f.id === 'sync.changed')?.message).toContain('anthropic:claude-cli');
    expect(ids(r1)).not.toContain('credentials.missing');
    const before = hashTree(home.home);
    const r2 = await doctor(ctx(), { repair: true });
    expect(ids(r2)).not.toContain('sync.changed');
    expect(hashTree(home.home)).toEqual(before);
  });

  test('an unusable Claude Code file is reported with its path and the reason', async () => {
    const { home, ctx } = given();
    home.write('.claude/.credentials.json', {
      claudeAiOauth: { accessToken: fixtureSecret.anthropicOAuthAccess(), expiresAt: 'tomorrow' },
    });
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'sync.unusable');
    expect(f?.file).toBe(home.path('.claude/.credentials.json'));
    expect(f?.message).toBe(
      '~/.claude/.credentials.json: claudeAiOauth.expiresAt is not a number (not imported)',
    );
  });

  test('on macOS an unusable keychain item is reported with how to allow access', async () => {
    const { home, ctx } = given();
    home.write('bin/security', '#!/bin/sh\necho \'{"notClaude": true}\'\n', 0o700);
    home.env['PATH'] = `${home.path('bin')}:${home.env['PATH']}`;
    const r = await doctor({ ...ctx(), platform: 'darwin' });
    const f = r.findings.find(
      (x) => x.id === 'sync.unusable' && x.message.includes('Claude Code-credentials'),
    );
    expect(f?.fix).toContain('security find-generic-password -s "Claude Code-credentials" -w');
  });
});

describe('credentials per provider in use', () => {
  test('a provider in use without any credential is an error with the command for that provider', async () => {
    const { home, ctx } = given();
    home.write(
      CONFIG,
      '{ agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5", fallbacks: ["openai/gpt-5.2"] } } } }',
    );
    const r = await doctor(ctx());
    const missing = r.findings.filter((f) => f.id === 'credentials.missing');
    // The same commands status names for a missing provider (one recovery module).
    expect(missing.map((f) => f.fix)).toEqual([
      'clawdbot models auth login --provider anthropic',
      'clawdbot models auth paste-token --provider openai',
    ]);
    expect(missing[1]?.message).toContain('OPENAI_API_KEY in ~/.clawdbot/.env');
    expect(r.summary.errors).toBe(2);
  });

  test('a key in ~/.clawdbot/.env counts as a credential', async () => {
    const { home, ctx } = given();
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`);
    const r = await doctor(ctx());
    expect(r.findings).toEqual([]);
  });

  test.each([
    ['expired', NOW - 2 * HOUR, 'credentials.expired', 'error'],
    ['expiring', NOW + 2 * HOUR, 'credentials.expiring', 'warn'],
  ])('a %s token is reported with paste-token as the fix', async (_name, expires, id, severity) => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:manual': { type: 'token', provider: 'anthropic', token: fixtureSecret.opaque(), expires },
      },
    });
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === id);
    expect(f?.severity).toBe(severity);
    expect(f?.message).toContain('anthropic:manual');
    expect(f?.message).toContain('2h');
    expect(f?.fix).toBe(
      'clawdbot models auth paste-token --provider anthropic --profile-id anthropic:manual',
    );
  });

  test('a dead refresh token says to log in again; an expired access token with a live refresh token is fine', async () => {
    const { home, ctx } = given();
    const deadRefresh = fixtureSecret.anthropicOAuthRefresh();
    home.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:me@example.com': {
          type: 'oauth',
          provider: 'anthropic',
          access: fixtureSecret.anthropicOAuthAccess(),
          refresh: deadRefresh,
          expires: NOW - HOUR,
        },
      },
      clawdbot: {
        dead: {
          'anthropic:me@example.com': {
            at: NOW - HOUR,
            reason: 'invalid_grant',
            refreshFingerprint: fingerprint(deadRefresh),
          },
        },
      },
    });
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'credentials.dead');
    expect(f?.severity).toBe('error');
    expect(f?.fix).toBe('clawdbot models auth login --provider anthropic');

    const live = given();
    live.home.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:default': {
          type: 'oauth',
          provider: 'anthropic',
          access: fixtureSecret.anthropicOAuthAccess(),
          refresh: fixtureSecret.anthropicOAuthRefresh(),
          expires: NOW - HOUR,
        },
      },
    });
    // (only the note that the login is in plaintext: the file is the default storage)
    const findings = (await doctor(live.ctx())).findings;
    expect(findings.filter((f) => f.id !== 'store.plaintext-secrets')).toEqual([]);
  });

  test("--agent checks that agent's store (ids compare case-insensitively)", async () => {
    const { home, ctx } = given();
    home.write(storeOf('work'), {
      version: 1,
      profiles: {
        'anthropic:work': {
          type: 'token',
          provider: 'anthropic',
          token: fixtureSecret.opaque(),
          expires: NOW - HOUR,
        },
      },
    });
    const main = await doctor(ctx());
    expect(main.agentId).toBe('main');
    expect(ids(main)).toContain('credentials.missing');
    const work = await doctor(ctx(), { agentId: 'Work' });
    expect(work.agentId).toBe('work');
    expect(work.findings.find((f) => f.id === 'credentials.expired')?.file).toBe(home.path(storeOf('work')));
  });
});
