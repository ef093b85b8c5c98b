import { spawn } from 'node:child_process';
import {
  CLI_BIN,
  fixtureSecret,
  inKeyringSession,
  startFakeOAuthServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, CONFIG, cli, home, readConfigFile, readStoreFile, STORE } from './helpers.js';

/** `models auth login --provider anthropic ...extra`, with the browser's part done against `server`. */
async function loginAnthropic(
  h: TempHome,
  server: Awaited<ReturnType<typeof startFakeOAuthServer>>,
  extra: string[] = [],
  opts: { keyring?: boolean } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = [CLI_BIN, 'models', 'auth', 'login', '--provider', 'anthropic', ...extra];
  const run = opts.keyring
    ? inKeyringSession(process.execPath, args)
    : { command: process.execPath, args, env: {} };
  const child = spawn(run.command, run.args, { cwd: h.home, env: { ...h.env, ...server.env, ...run.env } });
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
      // the browser's part (the authorize page redirects with a code bound to the PKCE challenge) is loginAnthropic's
      const { code, stdout, stderr } = await loginAnthropic(h, server);
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

describe('models auth login --profile-id / --set-default / --force', () => {
  test('--profile-id names the profile; --set-default puts it first in the agent order', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com' });
    afterThisTest(() => server.close());
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:old': { type: 'api_key', provider: 'anthropic', key } },
      order: { anthropic: ['anthropic:old'] },
    });
    const r = await loginAnthropic(h, server, ['--profile-id', 'anthropic:work', '--set-default']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Auth profile: anthropic:work (anthropic/oauth)');
    const store = readStoreFile(h);
    expect(store.profiles['anthropic:work']).toMatchObject({ type: 'oauth', email: 'me@example.com' });
    expect(store.profiles['anthropic:old']).toMatchObject({ key });
    expect(store.order?.anthropic).toEqual(['anthropic:work', 'anthropic:old']);
  });

  test('a login over another type of credential is refused (key kept) unless --force', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com' });
    afterThisTest(() => server.close());
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key } },
    });
    const refused = await loginAnthropic(h, server, ['--profile-id', 'anthropic:work']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Error: Auth profile "anthropic:work" holds a api_key credential; not replaced by this oauth one.',
    );
    expect(refused.stderr).toContain('--profile-id anthropic:work --force');
    expect(readStoreFile(h).profiles['anthropic:work']).toEqual({
      type: 'api_key',
      provider: 'anthropic',
      key,
    });
    const forced = await loginAnthropic(h, server, ['--profile-id', 'anthropic:work', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readStoreFile(h).profiles['anthropic:work']).toMatchObject({ type: 'oauth' });
  });

  test('--profile-id of another provider is refused before any login starts', async () => {
    const h = home();
    const child = spawn(
      process.execPath,
      [CLI_BIN, 'models', 'auth', 'login', '--provider', 'anthropic', '--profile-id', 'openai:work'],
      { cwd: h.home, env: h.env },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end();
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(1);
    expect(stderr).toContain('--profile-id "openai:work" is for openai, not anthropic');
    expect(h.listFiles()).toEqual([]);
  });

  test('--storage keyring: the login goes to the keyring, the entry keeps references; no keyring: refused, or the file with --insecure-storage said on stderr', async () => {
    const server = await startFakeOAuthServer({ email: 'me@example.com' });
    afterThisTest(() => server.close());
    const h = home();
    const id = 'anthropic:me@example.com';
    const inKeyring = await loginAnthropic(h, server, ['--storage', 'keyring'], { keyring: true });
    expect(inKeyring.code, inKeyring.stderr).toBe(0);
    expect(readStoreFile(h).profiles[id]).toMatchObject({
      type: 'oauth',
      access: expect.stringMatching(/^keyring:[0-9a-f]{8}$/),
      refresh: expect.stringMatching(/^keyring:[0-9a-f]{8}$/),
      clawdbot: { keyring: { account: `main/${id}` } },
    });

    // No keyring: refused before the provider is asked for tokens (issued tokens would have
    // nowhere to go), so no authorize URL is printed and no code is spent.
    const h2 = home();
    const before = server.tokenRequestCount();
    const refused = await cli(
      h2,
      ['models', 'auth', 'login', '--provider', 'anthropic', '--storage', 'keyring'],
      {
        env: server.env,
        stdin: '',
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot use the OS keyring');
    expect(refused.stderr).not.toContain('/authorize?');
    expect(server.tokenRequestCount()).toBe(before);
    expect(h2.exists(STORE)).toBe(false);
    // the same with the setting instead of the flag
    h2.write(CONFIG, { auth: { secrets: { storage: 'keyring' } } });
    const bySetting = await cli(h2, ['models', 'auth', 'login', '--provider', 'anthropic'], {
      env: server.env,
      stdin: '',
    });
    expect(bySetting.code).toBe(1);
    expect(bySetting.stderr).toContain('cannot use the OS keyring');
    expect(server.tokenRequestCount()).toBe(before);
    h2.write(CONFIG, {});
    const fallback = await loginAnthropic(h2, server, ['--storage', 'keyring', '--insecure-storage']);
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stderr).toMatch(
      /keyring unavailable \(.*\): stored in the store file \(0600\) as --insecure-storage allows/,
    );
    expect(readStoreFile(h2).profiles[id]?.access).not.toMatch(/^keyring:/);
  });
});
