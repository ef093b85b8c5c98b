import { spawn } from 'node:child_process';
import { CLI_BIN, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { home, readConfigFile, readStoreFile } from './helpers.js';

describe('models auth login --provider anthropic', () => {
  test('prints the authorize URL, takes the pasted code#state, stores the login as anthropic:<email>', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com' });
    const h = home();
    try {
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
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`${server.url}`);
      expect(stdout).toContain('Auth profile: anthropic:me@example.com (anthropic/oauth)');
      expect(readStoreFile(h).profiles['anthropic:me@example.com']).toMatchObject({
        type: 'oauth',
        provider: 'anthropic',
      });
      // Like paste-token: the login is routed in config too (one register step for every way in).
      expect(readConfigFile(h).auth.profiles['anthropic:me@example.com']).toEqual({
        provider: 'anthropic',
        mode: 'oauth',
      });
      expect(server.requests[0]?.params).toMatchObject({
        grant_type: 'authorization_code',
      });
    } finally {
      await server.close();
    }
  });
});
