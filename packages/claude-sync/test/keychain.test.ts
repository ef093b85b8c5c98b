import { upsertProfile } from '@clawdbot-auth/auth-store';
import {
  type FakeOAuthServer,
  type FakeSecurity,
  fixtureSecret,
  installFakeSecurity,
  leakedSecrets,
  startFakeOAuthServer,
} from '@clawdbot-auth/testkit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  CLAUDE_KEYCHAIN_SERVICE,
  CODEX_KEYCHAIN_SERVICE,
  codexKeychainAccount,
  getAccessToken,
  readClaudeCodeCredentials,
  readCodexCredentials,
} from '../src/index.js';
import { CLAUDE_REL, claudeFile, type Fixture, setup } from './helpers.js';

const MIN = 60_000;
let fx: Fixture;
let sec: FakeSecurity;

beforeEach(() => {
  sec = installFakeSecurity();
  fx = setup();
  fx.ctx.platform = 'darwin';
  fx.ctx.env.PATH = sec.pathWith();
});
afterEach(() => {
  sec.cleanup();
  fx.h.cleanup();
});

function grant(expiresIn: number) {
  return {
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
    expiresAt: fx.clock.now + expiresIn,
  };
}

describe('reading Claude Code on macOS', () => {
  test('the keychain item comes first', async () => {
    const k = grant(60 * MIN);
    sec.setItems([
      { service: CLAUDE_KEYCHAIN_SERVICE, account: 'Claude Code', password: JSON.stringify(claudeFile(k)) },
    ]);
    fx.h.write(CLAUDE_REL, claudeFile(grant(90 * MIN)));
    const r = await readClaudeCodeCredentials(fx.ctx);
    expect(r.source).toBe('keychain');
    expect(r.credential).toMatchObject({
      type: 'oauth',
      access: k.access,
      refresh: k.refresh,
      expires: k.expiresAt,
    });
    expect(sec.calls()).toEqual([['find-generic-password', '-s', CLAUDE_KEYCHAIN_SERVICE, '-w']]);
  });

  test('item not found: the file is the fallback', async () => {
    const f = grant(60 * MIN);
    fx.h.write(CLAUDE_REL, claudeFile(f));
    const r = await readClaudeCodeCredentials(fx.ctx);
    expect(r).toMatchObject({ source: 'file', credential: { access: f.access } });
  });

  test('a hanging security call times out and the file is used', async () => {
    sec.setHang(true);
    fx.ctx.keychainTimeoutMs = 300;
    const f = grant(60 * MIN);
    fx.h.write(CLAUDE_REL, claudeFile(f));
    const r = await readClaudeCodeCredentials(fx.ctx);
    expect(r).toMatchObject({ source: 'file', credential: { access: f.access } });
  });

  test('concurrent readers share one security call', async () => {
    sec.setItems([
      {
        service: CLAUDE_KEYCHAIN_SERVICE,
        account: 'Claude Code',
        password: JSON.stringify(claudeFile(grant(MIN))),
      },
    ]);
    await Promise.all([1, 2, 3, 4].map(() => readClaudeCodeCredentials(fx.ctx)));
    expect(sec.calls()).toHaveLength(1);
  });

  test('on linux the keychain is never asked', async () => {
    fx.ctx.platform = 'linux';
    await readClaudeCodeCredentials(fx.ctx);
    expect(sec.calls()).toEqual([]);
  });
});

describe('Codex keychain item', () => {
  test('service "Codex Auth", account cli|<sha256(codexHome)[:16]>', async () => {
    const home = fx.h.path('.codex');
    fx.ctx.env.CODEX_HOME = home;
    const account = codexKeychainAccount(home);
    expect(account).toMatch(/^cli\|[0-9a-f]{16}$/);
    const access = 'a.b.c';
    sec.setItems([
      {
        service: CODEX_KEYCHAIN_SERVICE,
        account,
        password: JSON.stringify({ tokens: { access_token: access, refresh_token: fixtureSecret.opaque() } }),
      },
    ]);
    const r = await readCodexCredentials(fx.ctx);
    expect(r).toMatchObject({ source: 'keychain', keychain: { service: CODEX_KEYCHAIN_SERVICE, account } });
    expect(r.credential).toMatchObject({ type: 'oauth', provider: 'openai-codex', access });
  });
});

describe('write-back to the keychain', () => {
  let server: FakeOAuthServer;
  beforeEach(async () => {
    server = await startFakeOAuthServer();
    Object.assign(fx.ctx.env, server.env);
  });
  afterEach(() => server.close());

  test('same service and account, every other field kept', async () => {
    const k = grant(-MIN);
    const doc = { ...claudeFile({ ...k, extra: { rateLimitTier: 'tier' } }), other: 1 };
    sec.setItems([{ service: CLAUDE_KEYCHAIN_SERVICE, account: 'alice', password: JSON.stringify(doc) }]);
    await upsertProfile(fx.ctx, 'main', 'anthropic:claude-cli', {
      type: 'oauth',
      provider: 'anthropic',
      access: k.access,
      refresh: k.refresh,
      expires: k.expiresAt,
    });
    const r = await getAccessToken(fx.ctx, 'main', 'anthropic:claude-cli');
    expect(r.refreshed).toBe(true);
    const items = sec.items();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ service: CLAUDE_KEYCHAIN_SERVICE, account: 'alice' });
    const saved = JSON.parse(items[0]?.password ?? '{}');
    const stored = fx.storeJson()?.profiles['anthropic:claude-cli'];
    expect(saved).toEqual({
      other: 1,
      claudeAiOauth: {
        accessToken: r.token,
        refreshToken: stored?.refresh,
        expiresAt: stored?.expires,
        scopes: ['user:inference', 'user:profile'],
        subscriptionType: 'max',
        rateLimitTier: 'tier',
      },
    });
    expect(fx.h.exists(CLAUDE_REL)).toBe(false);
    // written with `security -i` (the command line on stdin): no token in any argv, which
    // every user of the machine can read in the process list
    expect(sec.calls()).toContainEqual(['-i']);
    const secrets = [k.access, k.refresh, r.token, String(stored?.refresh)];
    expect(leakedSecrets(JSON.stringify(sec.calls()), secrets)).toEqual([]);
  });
});
