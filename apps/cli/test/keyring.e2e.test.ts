import { fixtureSecret, modelStep, startFakeModelServer, type TempHome } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, keyringItems, pasteTokenArgs, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/models/auth/paste-token.js');

/** Every CLI run here gets its own private D-Bus session with an unlocked gnome-keyring. */
const inKeyring = (h: TempHome, args: string[], opts: Parameters<typeof cli>[2] = {}) =>
  cli(h, args, { ...opts, keyring: true });

describe.concurrent('secrets in the OS keyring (real Secret Service)', () => {
  test('paste-token --storage keyring: the store keeps metadata and fingerprint, no bytes; agent reads the keyring', async ({
    onTestFinished,
  }) => {
    // the test's own hook: in a concurrent describe the global one may close the server when
    // another test finishes first
    const token = fixtureSecret.anthropicOAuthAccess();
    const server = await startFakeModelServer({ script: () => modelStep.reply('from keyring') });
    onTestFinished(() => server.close());
    const h = home();
    const saved = await inKeyring(
      h,
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring', '--json'],
      { stdin: token, secrets: [token] },
    );
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ profileId: 'anthropic:manual', storage: 'keyring' });
    const file = h.read(STORE);
    expect(file).not.toContain(token.slice(-12));
    expect(JSON.parse(file).profiles['anthropic:manual']).toMatchObject({
      type: 'token',
      provider: 'anthropic',
      clawdbot: { keyring: { service: 'clawdbot-auth', account: 'main/anthropic:manual' } },
    });

    // status shows where it lives without a keyring session (it never opens the keyring)
    const status = await cli(h, ['models', 'status', '--json'], { secrets: [token] });
    const anthropic = JSON.parse(status.stdout).auth.providers.find(
      (p: { provider: string }) => p.provider === 'anthropic',
    );
    expect(anthropic.profiles.locations).toEqual({ 'anthropic:manual': 'keyring' });
    expect(anthropic.profiles.labels[0]).toMatch(/^anthropic:manual=token:keyring #[0-9a-f]{8}$/);

    const turn = await inKeyring(h, ['agent', '--message', 'hi'], {
      env: { ANTHROPIC_BASE_URL: server.url },
      secrets: [token],
    });
    expect({ code: turn.code, stdout: turn.stdout }).toEqual({ code: 0, stdout: 'from keyring\n' });
    expect(server.requests.map((r) => r.credential)).toEqual([token]);
  });

  test('config auth.secrets.storage keyring applies without the flag', async () => {
    const key = fixtureSecret.openaiApiKey();
    const h = home();
    h.write(CONFIG, { auth: { secrets: { storage: 'keyring' } } });
    const r = await inKeyring(h, ['models', 'auth', 'paste-token', '--provider', 'openai', '--json'], {
      stdin: key,
      secrets: [key],
    });
    expect(r.code).toBe(0);
    expect(h.read(STORE)).not.toContain(key.slice(-12));
  });

  test('no keyring reachable: exit 1 naming the cause and --insecure-storage, nothing written; the flag writes the file and says so', async () => {
    const token = fixtureSecret.anthropicOAuthAccess();
    const h = home();
    const args = ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring'];
    // no D-Bus session: no Secret Service
    const refused = await cli(h, args, { stdin: token, secrets: [token] });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot use the OS keyring');
    expect(refused.stderr).toContain('--insecure-storage');
    expect(h.exists(STORE)).toBe(false);

    const fallback = await cli(h, [...args, '--insecure-storage'], { stdin: token, secrets: [token] });
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toMatch(/keyring unavailable.*stored in .*auth-profiles\.json \(0600\)/);
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:manual'].token).toBe(token);
  });

  test('no orphan in the keyring: a replaced or removed profile takes its item with it', async () => {
    const [first, second, third] = [
      fixtureSecret.anthropicOAuthAccess(),
      fixtureSecret.anthropicOAuthAccess(),
      fixtureSecret.anthropicOAuthAccess(),
    ];
    const h = home();
    const paste = (id: string, storage: string, token: string) =>
      inKeyring(h, pasteTokenArgs('anthropic', '--profile-id', id, '--storage', storage), {
        stdin: token,
        secrets: [first, second, third] as string[],
      });
    expect((await paste('anthropic:a', 'keyring', first)).code).toBe(0);
    expect((await paste('anthropic:b', 'keyring', second)).code).toBe(0);
    expect(await keyringItems(h, ['main/anthropic:a', 'main/anthropic:b'])).toEqual([
      'main/anthropic:a present',
      'main/anthropic:b present',
    ]);

    // anthropic:a replaced by a token kept in the file: its old item goes
    expect((await paste('anthropic:a', 'file', third)).code).toBe(0);
    // anthropic:b removed: its item goes
    const removed = await inKeyring(h, ['models', 'auth', 'remove', 'anthropic:b'], {
      secrets: [first, second, third] as string[],
    });
    expect(removed.code).toBe(0);
    expect(removed.stderr).not.toContain('warning'); // the session's dbus-daemon may say its own
    expect(await keyringItems(h, ['main/anthropic:a', 'main/anthropic:b'])).toEqual([
      'main/anthropic:a SECRET_REF_UNRESOLVED',
      'main/anthropic:b SECRET_REF_UNRESOLVED',
    ]);
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:a'].token).toBe(third);
  });

  test('paste-token --storage keyring whose config cannot be written: the store and the keyring are as before', async () => {
    const [kept, lost, fresh] = [
      fixtureSecret.anthropicOAuthAccess(),
      fixtureSecret.anthropicOAuthAccess(),
      fixtureSecret.anthropicOAuthAccess(),
    ];
    const secrets = [kept, lost, fresh];
    const h = home();
    const paste = (id: string, token: string, env: Record<string, string> = {}) =>
      inKeyring(h, pasteTokenArgs('anthropic', '--profile-id', id, '--storage', 'keyring'), {
        stdin: token,
        secrets,
        env,
      });
    expect((await paste('anthropic:a', kept)).code).toBe(0);
    const store = h.read(STORE);
    // /proc takes no new file from anyone, root included: the config's lock cannot be made
    const unwritable = { CLAWDBOT_CONFIG_PATH: '/proc/clawdbot.json' };
    expect((await paste('anthropic:a', lost, unwritable)).code).toBe(1);
    expect((await paste('anthropic:b', fresh, unwritable)).code).toBe(1);
    expect(h.read(STORE)).toBe(store);
    expect(await keyringItems(h, ['main/anthropic:a', 'main/anthropic:b'])).toEqual([
      'main/anthropic:a present',
      'main/anthropic:b SECRET_REF_UNRESOLVED',
    ]);
    // the old item holds the old token again: a request with it sends `kept`
    const server = await startFakeModelServer({ script: () => modelStep.reply('ok') });
    try {
      const sent = await inKeyring(h, ['agent', '--message', 'hi'], {
        secrets,
        env: { ANTHROPIC_BASE_URL: server.url },
      });
      expect(sent.code, sent.stderr).toBe(0);
      expect(server.requests.map((r) => r.credential)).toEqual([kept]);
    } finally {
      await server.close();
    }
  });

  test('remove without a reachable keyring still removes the profile and names the item left behind', async () => {
    const token = fixtureSecret.anthropicOAuthAccess();
    const h = home();
    const saved = await inKeyring(
      h,
      pasteTokenArgs('anthropic', '--profile-id', 'anthropic:x', '--storage', 'keyring'),
      { stdin: token, secrets: [token] },
    );
    expect(saved.code).toBe(0);
    const r = await cli(h, ['models', 'auth', 'remove', 'anthropic:x'], { secrets: [token] });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: keyring item clawdbot-auth\/main\/anthropic:x not deleted \(cannot use the OS keyring: .*\); delete it with your keyring tool$/m,
    );
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:x']).toBeUndefined();
  });

  test('two state dirs of one user (--dev) never share a keyring item: moving one back leaves the other usable', async () => {
    const [main, dev] = [fixtureSecret.anthropicOAuthAccess(), fixtureSecret.anthropicOAuthAccess()];
    const h = home();
    const paste = (token: string, ...global: string[]) =>
      inKeyring(
        h,
        [...global, 'models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring'],
        {
          stdin: token,
          secrets: [main, dev],
        },
      );
    expect((await paste(main)).code).toBe(0);
    expect((await paste(dev, '--dev')).code).toBe(0);
    const devStore = JSON.parse(h.read('.clawdbot-dev/agents/main/agent/auth-profiles.json'));
    expect(devStore.profiles['anthropic:manual'].clawdbot.keyring.account).toBe(
      '~/.clawdbot-dev:main/anthropic:manual',
    );
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:manual'].clawdbot.keyring.account).toBe(
      'main/anthropic:manual',
    );

    const back = await inKeyring(h, ['--dev', 'secrets', 'migrate', '--to', 'file'], { secrets: [main] });
    expect(back.code).toBe(0);
    const token = (...global: string[]) =>
      inKeyring(h, [...global, 'models', 'auth', 'token', '--profile-id', 'anthropic:manual'], {
        secrets: [],
      });
    expect((await token()).stdout.trim()).toBe(main);
    expect((await token('--dev')).stdout.trim()).toBe(dev);
  });
});

describe.concurrent('the keyring and the shared etcd store', () => {
  // a keyring item is this host's own: in the shared store it would point at nothing elsewhere
  const ETCD = { CLAWDBOT_AUTH_STORE: 'etcd+http://127.0.0.1:9/shared' };
  test.each([
    [
      'paste-token --storage keyring',
      ['models', 'auth', 'paste-token', '--provider', 'anthropic', '--storage', 'keyring'],
    ],
    ['secrets migrate --to keyring', ['secrets', 'migrate', '--to', 'keyring']],
  ])('%s is refused before anything is written, naming why and what to do', async (_name, args) => {
    const h = home();
    const before = h.listFiles();
    const r = await cli(h, args, { env: ETCD, stdin: `${fixtureSecret.anthropicOAuthAccess()}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The OS keyring cannot hold secrets of the shared etcd store');
    expect(r.stderr).toContain('auth.store.keyFile');
    expect(h.listFiles()).toEqual(before);
  });
});
