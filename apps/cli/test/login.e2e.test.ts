import { spawn } from 'node:child_process';
import {
  CLI_BIN,
  type FakeOAuthServer,
  fixtureSecret,
  leakedSecrets,
  startFakeOAuthServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { home, readStoreFile, STORE } from './helpers.js';

/** Runs `models auth login --provider anthropic` to the end, playing the browser's part. */
async function loginAnthropic(h: TempHome, server: FakeOAuthServer) {
  const child = spawn(process.execPath, [CLI_BIN, 'models', 'auth', 'login', '--provider', 'anthropic'], {
    cwd: h.home,
    env: { ...h.env, ...server.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const authorizeUrl = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/anthropic\/authorize\?\S+)\n/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`exited early: ${stderr}`)));
  });
  // The browser's part: the authorize page redirects with a code bound to the PKCE challenge.
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const back = new URL(res.headers.get('location') ?? '');
  const state = new URL(authorizeUrl).searchParams.get('state');
  child.stdin.end(`${back.searchParams.get('code')}#${state}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('models auth login --provider anthropic', () => {
  test('prints the authorize URL, takes the pasted code#state, stores the login as anthropic:<email>', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com' });
    const h = home();
    try {
      const { code, stdout, stderr } = await loginAnthropic(h, server);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`${server.url}`);
      expect(stdout).toContain('Auth profile: anthropic:me@example.com (anthropic/oauth)');
      expect(readStoreFile(h).profiles['anthropic:me@example.com']).toMatchObject({
        type: 'oauth',
        provider: 'anthropic',
      });
      expect(server.requests[0]?.params).toMatchObject({
        grant_type: 'authorization_code',
      });
    } finally {
      await server.close();
    }
  });

  test('a login without e-mail never replaces the anthropic:default API key: stored beside it, and said so', async () => {
    const server = await startFakeOAuthServer();
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': { type: 'api_key', provider: 'anthropic', key } },
    });
    try {
      const { code, stdout, stderr } = await loginAnthropic(h, server);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(
        'anthropic:default holds another type of credential (api_key): kept it; this login is stored as anthropic:default-oauth',
      );
      expect(stdout).toContain('Auth profile: anthropic:default-oauth (anthropic/oauth)');
      const profiles = readStoreFile(h).profiles;
      expect(profiles['anthropic:default']).toEqual({ type: 'api_key', provider: 'anthropic', key });
      expect(profiles['anthropic:default-oauth']).toMatchObject({ type: 'oauth', provider: 'anthropic' });
      expect(leakedSecrets(stdout + stderr, [key])).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
