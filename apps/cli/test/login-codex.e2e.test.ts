import { spawn } from 'node:child_process';
import { CLI_BIN, leakedSecrets, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { home, readStoreFile } from './helpers.js';

describe('models auth login --provider openai-codex', () => {
  test('the browser callback completes the login while nothing is piped in', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com', accountId: 'acct-1' });
    const h = home();
    try {
      const child = spawn(
        process.execPath,
        [CLI_BIN, 'models', 'auth', 'login', '--provider', 'openai-codex'],
        {
          cwd: h.home,
          env: { ...h.env, ...server.env, CLAWDBOT_OAUTH_CALLBACK_PORT: '0' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const authorizeUrl = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/openai-codex\/authorize\?\S+)\n/.exec(stderr);
          if (m) resolve(m[1]!);
        });
        exited.then(() => reject(new Error(`exited early: ${stderr}`)));
      });
      // The browser: the authorize page redirects to our callback server with the code.
      const res = await fetch(authorizeUrl, { redirect: 'manual' });
      const callback = res.headers.get('location') ?? '';
      expect(callback).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/auth\/callback\?/);
      await fetch(callback);
      expect(await exited, stderr).toBe(0);
      expect(leakedSecrets(stdout + stderr)).toEqual([]);
      expect(stdout).toMatch(/Auth profile: openai-codex:\S+ \(openai-codex\/oauth\)/);
      const ids = Object.keys(readStoreFile(h).profiles);
      expect(ids.some((id) => id.startsWith('openai-codex:'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
