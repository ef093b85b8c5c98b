import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeOAuthServer, leakedSecrets, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  ANTHROPIC_REDIRECT_URI,
  ClaudeSyncError,
  type LoginIO,
  loginAnthropic,
  loginCodex,
  OAUTH_CLIENT_IDS,
  parsePastedCode,
} from '../src/index.js';
import { type Fixture, setup } from './helpers.js';

let fx: Fixture;
let server: FakeOAuthServer;
beforeEach(async () => {
  server = await startFakeOAuthServer({ email: 'me@example.com', accountId: 'acct-42' });
  fx = setup({ ...server.env, CLAWDBOT_OAUTH_CALLBACK_PORT: '0' });
});
afterEach(async () => {
  await server.close();
  fx.h.cleanup();
});

/** Plays the browser: follows the authorize URL to its redirect. */
async function authorize(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  return new URL(res.headers.get('location') ?? '');
}

function io(answer: (printed: string[]) => Promise<string>, opts: { browser?: boolean } = {}) {
  const printed: string[] = [];
  const value: LoginIO = {
    print: (l) => printed.push(l),
    prompt: (_q, o) =>
      new Promise((resolve, reject) => {
        o?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        answer(printed).then(resolve, reject);
      }),
  };
  if (opts.browser) {
    value.openUrl = async (url) => {
      const to = await authorize(url);
      await fetch(to); // the browser lands on our callback server
    };
  }
  return { io: value, printed };
}

const never = () => new Promise<string>(() => {});

/** The loopback callback address the authorize URL sends the browser to. */
function callbackUrl(printed: string[]): string {
  const url = new URL(printed.find((l) => l.startsWith('http')) ?? '');
  return (url.searchParams.get('redirect_uri') ?? '').replace('//localhost:', '//127.0.0.1:');
}

describe('Anthropic PKCE login', () => {
  test('authorize URL, pasted code#state, exchange, stored as anthropic:<email>', async () => {
    const t = io(async (printed) => {
      const to = await authorize(printed.find((l) => l.startsWith('http')) ?? '');
      return `${to.searchParams.get('code')}#${to.searchParams.get('state')}`;
    });
    const r = await loginAnthropic(fx.ctx, t.io);
    expect(r).toEqual({ profileId: 'anthropic:me@example.com' });
    const url = new URL(t.printed.find((l) => l.startsWith('http')) ?? '');
    expect(url.searchParams.get('client_id')).toBe(OAUTH_CLIENT_IDS.anthropic);
    expect(url.searchParams.get('redirect_uri')).toBe(ANTHROPIC_REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('org:create_api_key user:profile user:inference');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(server.requests[0]?.params.grant_type).toBe('authorization_code');
    const saved = fx.storeJson()?.profiles['anthropic:me@example.com'];
    expect(saved).toMatchObject({ type: 'oauth', provider: 'anthropic', email: 'me@example.com' });
    expect(leakedSecrets(t.printed.join('\n'), [String(saved?.access), String(saved?.refresh)])).toEqual([]);
  });

  test('a code from another attempt is refused before any request', async () => {
    const t = io(async () => 'somecode#not-the-state');
    await expect(loginAnthropic(fx.ctx, t.io)).rejects.toMatchObject({ code: 'OAUTH_STATE_MISMATCH' });
    expect(server.tokenRequestCount()).toBe(0);
  });

  test.each([
    ['a bare code without #state', (code: string) => code],
    ['a code with an empty state', (code: string) => `${code}#`],
  ])('%s is refused before any request to the token endpoint', async (_name, paste) => {
    const t = io(async (printed) => {
      const to = await authorize(printed.find((l) => l.startsWith('http')) ?? '');
      return paste(to.searchParams.get('code') ?? '');
    });
    const err = await loginAnthropic(fx.ctx, t.io).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OAUTH_STATE_MISMATCH' });
    expect((err as { hint: string }).hint).toContain('code#state');
    expect((err as { hint: string }).hint).toContain('clawdbot models auth login --provider anthropic');
    expect(server.tokenRequestCount()).toBe(0);
    expect(fx.storeJson()).toBeUndefined();
  });

  test('a rejected code is OAUTH_EXCHANGE_FAILED and nothing is stored', async () => {
    const t = io(async (printed) => {
      const to = await authorize(printed.find((l) => l.startsWith('http')) ?? '');
      return `wrong-code#${to.searchParams.get('state')}`;
    });
    await expect(loginAnthropic(fx.ctx, t.io)).rejects.toMatchObject({ code: 'OAUTH_EXCHANGE_FAILED' });
    expect(fx.storeJson()).toBeUndefined();
  });
});

describe('OpenAI Codex PKCE login', () => {
  test('the browser redirect reaches the loopback callback server', async () => {
    const t = io(never, { browser: true });
    const r = await loginCodex(fx.ctx, t.io);
    expect(r).toEqual({ profileId: 'openai-codex:me@example.com' });
    const url = new URL(t.printed.find((l) => l.startsWith('http')) ?? '');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/auth\/callback$/);
    expect(server.requests[0]?.contentType).toContain('application/x-www-form-urlencoded');
    expect(fx.storeJson()?.profiles['openai-codex:me@example.com']).toMatchObject({
      provider: 'openai-codex',
      accountId: 'acct-42',
    });
  });

  test('paste fallback when the callback port is busy', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    fx.ctx.env.CLAWDBOT_OAUTH_CALLBACK_PORT = String((busy.address() as AddressInfo).port);
    try {
      const t = io(async (printed) =>
        (await authorize(printed.find((l) => l.startsWith('http')) ?? '')).toString(),
      );
      expect(await loginCodex(fx.ctx, t.io)).toEqual({ profileId: 'openai-codex:me@example.com' });
      expect(t.printed.some((l) => l.includes('busy'))).toBe(true);
    } finally {
      busy.close();
    }
  });

  test.each([
    ['returns nothing (stdin at EOF)', async () => ''],
    ['fails (input closed)', async () => Promise.reject(new Error('stdin closed'))],
  ])('a paste prompt that %s stops the login and closes the callback server', async (_name, answer) => {
    const t = io(answer);
    const err = await loginCodex(fx.ctx, t.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClaudeSyncError);
    expect(err).toMatchObject({ code: 'OAUTH_LOGIN_CANCELLED' });
    expect((err as ClaudeSyncError).hint).toContain('clawdbot models auth login --provider openai-codex');
    await expect(fetch(callbackUrl(t.printed))).rejects.toThrow();
    expect(server.tokenRequestCount()).toBe(0);
  });

  test('no browser callback and no paste: the login times out instead of waiting forever', async () => {
    fx.ctx.env.CLAWDBOT_OAUTH_LOGIN_TIMEOUT_MS = '200';
    // Like the CLI on a closed stdin: nothing to paste, so the prompt waits until aborted.
    const t = io(never);
    const err = await loginCodex(fx.ctx, t.io).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OAUTH_LOGIN_TIMEOUT' });
    expect((err as ClaudeSyncError).hint).toContain('clawdbot models auth login --provider openai-codex');
    await expect(fetch(callbackUrl(t.printed))).rejects.toThrow();
    expect(fx.storeJson()).toBeUndefined();
  });

  test('the timeout option bounds the wait when the callback port is busy too', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    fx.ctx.env.CLAWDBOT_OAUTH_CALLBACK_PORT = String((busy.address() as AddressInfo).port);
    try {
      const err = await loginCodex(fx.ctx, io(never).io, { timeoutMs: 100 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'OAUTH_LOGIN_TIMEOUT' });
    } finally {
      busy.close();
    }
  });

  test.each([
    ['a bare code (no state)', 'abc123'],
    ['a redirect URL without state', 'http://localhost:1455/auth/callback?code=abc123'],
    ["another attempt's state", 'abc123#not-this-one'],
    ['a broken URL', 'http://[::1/auth/callback?code=abc123&state=s1'],
  ])(
    'a pasted %s is OAUTH_STATE_MISMATCH with the command to start again, before any request',
    (_n, text) => {
      let err: unknown;
      try {
        parsePastedCode(text, 's1');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ClaudeSyncError);
      expect(err).toMatchObject({ code: 'OAUTH_STATE_MISMATCH' });
      expect((err as ClaudeSyncError).hint).toContain('clawdbot models auth login --provider openai-codex');
      expect(parsePastedCode('http://localhost:1455/auth/callback?code=abc123&state=s1', 's1')).toBe(
        'abc123',
      );
      expect(parsePastedCode('abc123#s1', 's1')).toBe('abc123');
    },
  );

  test('an e-mail with a line break or an escape sequence from the token server never becomes a profile id', async () => {
    await server.close();
    server = await startFakeOAuthServer({ email: 'me@example.com\n\u001b[2Jforged line' });
    Object.assign(fx.ctx.env, server.env);
    expect(await loginCodex(fx.ctx, io(never, { browser: true }).io)).toEqual({
      profileId: 'openai-codex:default',
    });
  });

  test('without an email the profile is openai-codex:default', async () => {
    await server.close();
    server = await startFakeOAuthServer();
    Object.assign(fx.ctx.env, server.env);
    expect(await loginCodex(fx.ctx, io(never, { browser: true }).io)).toEqual({
      profileId: 'openai-codex:default',
    });
  });
});
