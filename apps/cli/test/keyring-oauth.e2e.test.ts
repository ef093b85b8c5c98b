import fs from 'node:fs';
import path from 'node:path';
import {
  fixtureSecret,
  keyringDaemonsOf,
  leakedSecrets,
  startFakeOAuthServer,
  startInKeyringSession,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, BIN, cli, HOUR, home, keyringItems, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/secrets/migrate.js');

/** An expired OAuth login moved into the keyring by `secrets migrate`. */
async function keyringLogin(h: TempHome) {
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:me': { type: 'oauth', provider: 'anthropic', access, refresh, expires: Date.now() - HOUR },
    },
  });
  const moved = await cli(h, ['secrets', 'migrate', '--to', 'keyring', '--json'], { keyring: true });
  expect(moved.code).toBe(0);
  expect(JSON.parse(moved.stdout).moved).toEqual([
    expect.objectContaining({ profileId: 'anthropic:me', type: 'oauth' }),
  ]);
  return { access, refresh };
}

describe('OAuth logins in the OS keyring (real Secret Service)', () => {
  test('the store keeps references and display data, never the tokens; status does not open the keyring', async () => {
    const h = home();
    const { access, refresh } = await keyringLogin(h);
    const file = h.read(STORE);
    expect(file).not.toContain(access.slice(-12));
    expect(file).not.toContain(refresh.slice(-12));
    const entry = JSON.parse(file).profiles['anthropic:me'];
    expect(entry).toMatchObject({
      type: 'oauth',
      access: expect.stringMatching(/^keyring:[0-9a-f]{8}$/),
      refresh: expect.stringMatching(/^keyring:[0-9a-f]{8}$/),
      clawdbot: { keyring: { service: 'clawdbot-auth', account: 'main/anthropic:me' } },
    });
    // no D-Bus session at all: status still answers from the store
    const status = await cli(h, ['models', 'auth', 'list', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).profiles[0]).toMatchObject({
      profileId: 'anthropic:me',
      location: 'keyring',
    });
    const audit = await cli(h, ['secrets', 'audit', '--json'], { keyring: true });
    expect(JSON.parse(audit.stdout).findings.map((f: { code: string }) => f.code)).not.toContain(
      'PLAINTEXT_IN_STORE',
    );
  });

  test('12 concurrent processes needing a keyring-held login that expired: one token request, all get the new token, rotated tokens only in the keyring', async () => {
    const server = await startFakeOAuthServer({ delayMs: 300 });
    afterThisTest(() => server.close());
    const h = home();
    const { access, refresh } = await keyringLogin(h);
    const out = h.path('out');
    fs.mkdirSync(out);
    const script =
      'bin=$1; out=$2; i=0; while [ $i -lt 12 ]; do i=$((i+1)); node "$bin" models auth token --profile-id anthropic:me >"$out/$i.out" 2>"$out/$i.err" & done; wait';
    const run = startInKeyringSession('sh', ['-c', script, 'sh', BIN, out], {
      home: h.home,
      env: { ...h.env, ...server.env },
    });
    afterThisTest(() => run.kill());
    expect(await run.exited).toBe(0);

    expect(server.tokenRequestCount()).toBe(1);
    expect(server.requests[0]?.params.refresh_token).toBe(refresh); // read from the keyring
    const tokens = Array.from({ length: 12 }, (_, i) =>
      fs.readFileSync(path.join(out, `${i + 1}.out`), 'utf8').trim(),
    );
    const errors = Array.from({ length: 12 }, (_, i) =>
      fs.readFileSync(path.join(out, `${i + 1}.err`), 'utf8'),
    );
    expect(new Set(tokens).size).toBe(1);
    const fresh = tokens[0] as string;
    expect(fresh).not.toBe(access);
    expect(fresh.length).toBeGreaterThan(20);
    for (const e of errors) expect(leakedSecrets(e)).toEqual([]);

    // the rotation is in the keyring, the store names it by reference only
    const file = h.read(STORE);
    expect(file).not.toContain(fresh.slice(-12));
    expect(JSON.parse(file).profiles['anthropic:me'].expires).toBeGreaterThan(Date.now());
    const again = await cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:me'], {
      keyring: true,
      secrets: [access, refresh],
    });
    expect(again.stdout.trim()).toBe(fresh);
    expect(server.tokenRequestCount()).toBe(1);

    // logout takes the item with it
    const gone = await cli(h, ['models', 'auth', 'logout', 'anthropic:me', '--yes'], { keyring: true });
    expect(gone.code).toBe(0);
    expect(await keyringItems(h, ['main/anthropic:me'])).toEqual(['main/anthropic:me SECRET_REF_UNRESOLVED']);
  });

  test('the keyring dies after the token request was sent: the rotation is kept (recovery file, then the store), never spent twice, and moves back', async () => {
    const server = await startFakeOAuthServer({ delayMs: 1500 });
    afterThisTest(() => server.close());
    const h = home();
    const { access, refresh } = await keyringLogin(h);
    const run = startInKeyringSession(
      process.execPath,
      [BIN, 'models', 'auth', 'token', '--profile-id', 'anthropic:me'],
      {
        home: h.home,
        env: { ...h.env, ...server.env },
      },
    );
    afterThisTest(() => run.kill());
    // the request is on its way (the refresh token was read from the keyring): now the keyring goes
    while (server.tokenRequestCount() === 0) await new Promise((r) => setTimeout(r, 20));
    const daemons = keyringDaemonsOf(h.home);
    expect(daemons.length).toBeGreaterThan(0);
    for (const pid of daemons) process.kill(pid, 'SIGKILL');
    expect(await run.exited).toBe(0);
    // (the bus may start a new, locked daemon on demand: it prints its variables on stdout first)
    const fresh = run.stdout().trim().split('\n').pop() as string;
    expect(fresh).not.toBe(access);
    expect(run.lines.join('\n')).toContain(
      'anthropic:me: the refreshed login could not be written to the keyring',
    );

    // the next command takes the rotation in: no second token request, the new token works
    const next = await cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:me'], {
      keyring: true,
      secrets: [access, refresh],
    });
    expect(next.stdout.trim()).toBe(fresh);
    expect(server.tokenRequestCount()).toBe(1);
    expect(JSON.parse(h.read(STORE)).profiles['anthropic:me'].clawdbot).toEqual({
      staleKeyring: { service: 'clawdbot-auth', account: 'main/anthropic:me' },
    });

    // and it moves back into the keyring
    const back = await cli(h, ['secrets', 'migrate', '--to', 'keyring'], { keyring: true });
    expect(back.code).toBe(0);
    expect(h.read(STORE)).not.toContain(fresh.slice(-12));
    const again = await cli(h, ['models', 'auth', 'token', '--profile-id', 'anthropic:me'], {
      keyring: true,
      secrets: [access, refresh],
    });
    expect(again.stdout.trim()).toBe(fresh);
  });
});
