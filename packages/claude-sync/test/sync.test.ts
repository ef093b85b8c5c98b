import { getTombstone, readStore, removeProfile, upsertProfile } from '@clawdbot-auth/auth-store';
import { fixtureSecret, leakedSecrets } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { grantFingerprint, syncExternalCredentials } from '../src/index.js';
import { CLAUDE_REL, claudeFile, type Fixture, STORE_REL, setup } from './helpers.js';

const MIN = 60_000;
let fx: Fixture;
afterEach(() => fx?.h.cleanup());

function jwt(claims: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none' })}.${enc(claims)}.sig`;
}

describe('removed profiles stay removed', () => {
  const grant = () => ({
    access: fixtureSecret.anthropicOAuthAccess(),
    refresh: fixtureSecret.anthropicOAuthRefresh(),
  });
  async function syncThenRemove(): Promise<void> {
    fx.h.write(CLAUDE_REL, claudeFile({ ...grant(), expiresAt: fx.clock.now + 600 * MIN }));
    await syncExternalCredentials(fx.ctx, 'main');
    const stored = (await readStore(fx.ctx, 'main')).store.profiles['anthropic:claude-cli'];
    if (!stored) throw new Error('not synced');
    await removeProfile(fx.ctx, 'main', 'anthropic:claude-cli', { tombstone: grantFingerprint(stored) });
  }

  test('a removed Claude Code login stays out after Claude Code rotates its tokens', async () => {
    fx = setup();
    await syncThenRemove();
    expect((await syncExternalCredentials(fx.ctx, 'main', { force: true })).changed).toEqual([]);
    // Claude Code's own routine refresh: new access and refresh token, later expiry
    fx.h.write(CLAUDE_REL, claudeFile({ ...grant(), expiresAt: fx.clock.now + 700 * MIN }));
    const later = await syncExternalCredentials(fx.ctx, 'main', { force: true });
    expect(later.changed).toEqual([]);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']).toBeUndefined();
  });

  test('config auth.sync.claudeCode: true brings it back; false keeps Claude Code out entirely', async () => {
    fx = setup();
    await syncThenRemove();
    fx.h.write('.clawdbot/clawdbot.json', { auth: { sync: { claudeCode: true } } });
    const back = await syncExternalCredentials(fx.ctx, 'main', { force: true });
    expect(back.changed).toEqual(['anthropic:claude-cli']);
    // the login is back, and so is the default: a removal later is remembered again
    expect(getTombstone((await readStore(fx.ctx, 'main')).store, 'anthropic:claude-cli')).toBeUndefined();

    const off = setup();
    off.h.write('.clawdbot/clawdbot.json', { auth: { sync: { claudeCode: false } } });
    off.h.write(CLAUDE_REL, claudeFile({ ...grant(), expiresAt: off.clock.now + 600 * MIN }));
    expect((await syncExternalCredentials(off.ctx, 'main', { force: true })).changed).toEqual([]);
    expect(off.storeJson()?.profiles?.['anthropic:claude-cli']).toBeUndefined();
    off.h.cleanup();
  });

  test('a removed Codex login stays out for its account, whatever its tokens; another account comes in', async () => {
    fx = setup();
    const codex = (account: string) => ({
      tokens: {
        access_token: jwt({ exp: Math.floor(fx.clock.now / 1000) + 3600 }),
        refresh_token: fixtureSecret.opaque(),
        account_id: account,
      },
    });
    fx.h.write('.codex/auth.json', codex('acct-one'));
    await syncExternalCredentials(fx.ctx, 'main');
    const stored = (await readStore(fx.ctx, 'main')).store.profiles['openai-codex:codex-cli'];
    if (!stored) throw new Error('not synced');
    await removeProfile(fx.ctx, 'main', 'openai-codex:codex-cli', { tombstone: grantFingerprint(stored) });
    fx.h.write('.codex/auth.json', codex('acct-one'));
    expect((await syncExternalCredentials(fx.ctx, 'main', { force: true })).changed).toEqual([]);
    fx.h.write('.codex/auth.json', codex('acct-two'));
    expect((await syncExternalCredentials(fx.ctx, 'main', { force: true })).changed).toEqual([
      'openai-codex:codex-cli',
    ]);
  });

  test('the tombstone holds no token bytes', async () => {
    fx = setup();
    await syncThenRemove();
    const stone = getTombstone((await readStore(fx.ctx, 'main')).store, 'anthropic:claude-cli');
    expect(stone).toBeDefined();
    expect(leakedSecrets(String(stone))).toEqual([]);
  });
});

describe('how often the source is read', () => {
  test('a fresh stored grant is re-read only after 15 minutes in one process', async () => {
    fx = setup();
    const now = fx.clock.now;
    const a = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...a, expiresAt: now + 60 * MIN }));
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual(['anthropic:claude-cli']);
    const b = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...b, expiresAt: now + 120 * MIN }));
    fx.clock.now = now + 5 * MIN;
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual([]);
    fx.clock.now = now + 16 * MIN;
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual(['anthropic:claude-cli']);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']?.access).toBe(b.access);
  });

  test('a stored grant within 10 minutes of expiry is always compared with the source', async () => {
    fx = setup();
    const now = fx.clock.now;
    const a = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...a, expiresAt: now + 8 * MIN }));
    await syncExternalCredentials(fx.ctx, 'main');
    const b = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...b, expiresAt: now + 300 * MIN }));
    fx.clock.now = now + MIN;
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual(['anthropic:claude-cli']);
  });
});

describe('store and config side effects', () => {
  test('sync touches only its own profile and keeps every other entry', async () => {
    fx = setup();
    const key = fixtureSecret.anthropicApiKey();
    await upsertProfile(fx.ctx, 'main', 'anthropic:work', { type: 'api_key', provider: 'anthropic', key });
    const a = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...a, expiresAt: fx.clock.now + 60 * MIN }));
    await syncExternalCredentials(fx.ctx, 'main');
    expect(fx.storeJson()?.profiles['anthropic:work']).toEqual({
      type: 'api_key',
      provider: 'anthropic',
      key,
    });
    expect(fx.h.listFiles().filter((f) => f.includes('clawdbot.json'))).toEqual([]);
  });

  test('CLAUDE_CONFIG_DIR moves the file', async () => {
    fx = setup();
    fx.ctx.env.CLAUDE_CONFIG_DIR = fx.h.path('elsewhere');
    const a = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write('elsewhere/.credentials.json', claudeFile({ ...a, expiresAt: fx.clock.now + 60 * MIN }));
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual(['anthropic:claude-cli']);
  });
});

describe('Codex CLI', () => {
  test('expiry comes from the access token JWT exp claim', async () => {
    fx = setup();
    const exp = Math.floor(fx.clock.now / 1000) + 7200;
    const access = jwt({ exp, sub: 'x' });
    fx.h.write('.codex/auth.json', {
      tokens: { access_token: access, refresh_token: fixtureSecret.opaque() },
    });
    await syncExternalCredentials(fx.ctx, 'main');
    expect(fx.storeJson()?.profiles['openai-codex:codex-cli']?.expires).toBe(exp * 1000);
  });

  test('no codex-cli copy when another openai-codex profile holds the same tokens', async () => {
    fx = setup();
    const access = jwt({ exp: Math.floor(fx.clock.now / 1000) + 7200 });
    const refresh = fixtureSecret.opaque();
    await upsertProfile(fx.ctx, 'main', 'openai-codex:me@example.com', {
      type: 'oauth',
      provider: 'openai-codex',
      access,
      refresh,
      expires: fx.clock.now + 3_600_000,
    });
    fx.h.write('.codex/auth.json', { tokens: { access_token: access, refresh_token: refresh } });
    expect((await syncExternalCredentials(fx.ctx, 'main')).changed).toEqual([]);
    expect(Object.keys(fx.storeJson()?.profiles ?? {})).toEqual(['openai-codex:me@example.com']);
  });

  test.each([
    [{ tokens: { refresh_token: 'r' } }, 'tokens.access_token is missing'],
    [{ tokens: { access_token: '', refresh_token: 'r' } }, 'tokens.access_token is empty'],
    [{ tokens: { access_token: 'a' } }, 'tokens.refresh_token is missing'],
    [{ OPENAI_API_KEY: null }, 'tokens is missing'],
  ])('unusable auth.json %j is reported: %s', async (content, message) => {
    fx = setup();
    fx.h.write('.codex/auth.json', content);
    const r = await syncExternalCredentials(fx.ctx, 'main');
    expect(r.problems).toEqual([
      { path: fx.h.path('.codex/auth.json'), message: `~/.codex/auth.json: ${message}` },
    ]);
    expect(fx.h.exists(STORE_REL)).toBe(false);
  });
});

describe('secrets', () => {
  test('neither the log nor problems carry secret bytes', async () => {
    fx = setup();
    const a = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(
      CLAUDE_REL,
      `{"claudeAiOauth": {"accessToken": "${a.access}", "refreshToken": "${a.refresh}", `,
    );
    const r = await syncExternalCredentials(fx.ctx, 'main');
    expect(leakedSecrets(JSON.stringify(r) + fx.logs.join('\n'), [a.access, a.refresh])).toEqual([]);
  });
});

describe('one grant, one store', () => {
  test('syncing for a second agent imports into the default agent, which the second agent reads through', async () => {
    fx = setup();
    const grant = {
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
    };
    fx.h.write(CLAUDE_REL, claudeFile({ ...grant, expiresAt: fx.clock.now + 600 * 60_000 }));

    const res = await syncExternalCredentials(fx.ctx, 'work');

    expect(res.changed).toEqual(['anthropic:claude-cli']);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']?.refresh).toBe(grant.refresh);
    expect(fx.h.exists('.clawdbot/agents/work/agent/auth-profiles.json')).toBe(false);
    const work = await readStore(fx.ctx, 'work');
    expect(work.inherited.has('anthropic:claude-cli')).toBe(true);
  });
});

describe('the store as the sync read it', () => {
  test('is handed back when the sync wrote nothing, and equals a fresh read; not after a write', async () => {
    fx = setup();
    fx.h.write(
      CLAUDE_REL,
      claudeFile({
        access: fixtureSecret.anthropicOAuthAccess(),
        refresh: fixtureSecret.anthropicOAuthRefresh(),
        expiresAt: fx.clock.now + 600 * MIN,
      }),
    );
    const first = await syncExternalCredentials(fx.ctx, 'main');
    expect(first.changed).toEqual(['anthropic:claude-cli']);
    expect(first.view).toBeUndefined(); // it wrote: a caller reads the store again

    const second = await syncExternalCredentials(fx.ctx, 'main', { force: true });
    expect(second.changed).toEqual([]);
    const fresh = await readStore(fx.ctx, 'main');
    expect(second.view?.store).toEqual(fresh.store);
    expect(second.view?.path).toBe(fresh.path);
  });
});
