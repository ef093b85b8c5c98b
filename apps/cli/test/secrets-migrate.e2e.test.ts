import fs from 'node:fs';
import { fixtureSecret, startInKeyringSession, type TempHome } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { afterThisTest, BIN, cli, home, keyringItems, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/secrets/migrate.js');

/**
 * `secrets migrate` cut off at each of its steps by a real SIGKILL, then run again. A step is
 * held open honestly: the test holds the store lock (a write waits for it), or pauses the
 * session's keyring daemon (a keyring call waits for it), and kills once the command has said
 * on stderr which step it finished.
 */

function plant(h: TempHome) {
  const key = fixtureSecret.anthropicApiKey();
  const token = fixtureSecret.opaque();
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  h.write(STORE, {
    version: 1,
    profiles: {
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key },
      'openai:ci': { type: 'token', provider: 'openai', token },
      'anthropic:me': {
        type: 'oauth',
        provider: 'anthropic',
        access,
        refresh,
        expires: Date.now() + 3_600_000,
      },
    },
  });
  return { key, token, access, all: [key, token, access, refresh] };
}

/** Holds the store's lock as another process would (proper-lockfile's mkdir lock, kept fresh). */
function holdStoreLock(h: TempHome): () => void {
  const dir = `${h.path(STORE)}.lock`;
  fs.mkdirSync(dir);
  const timer = setInterval(() => {
    const now = new Date();
    fs.utimesSync(dir, now, now);
  }, 1000);
  const release = () => {
    clearInterval(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  afterThisTest(release);
  return release;
}

function migrate(h: TempHome, to: 'keyring' | 'file') {
  const run = startInKeyringSession(process.execPath, [BIN, 'secrets', 'migrate', '--to', to], {
    home: h.home,
    env: h.env,
  });
  afterThisTest(() => run.kill());
  return run;
}

/** What a request would send for each profile, read through the keyring when the entry says so. */
async function usable(h: TempHome, secrets: { key: string; token: string; access: string; all: string[] }) {
  for (const [id, want] of [
    ['anthropic:work', secrets.key],
    ['openai:ci', secrets.token],
    ['anthropic:me', secrets.access],
  ] as const) {
    const r = await cli(h, ['models', 'auth', 'token', '--profile-id', id], {
      keyring: true,
      secrets: secrets.all.filter((s) => s !== want),
    });
    expect({ id, code: r.code, stdout: r.stdout.trim() }).toEqual({ id, code: 0, stdout: want });
  }
}

const entry = (h: TempHome, id: string) =>
  h.readJson<{ profiles: Record<string, Record<string, unknown>> }>(STORE).profiles[id];

describe('secrets migrate, interrupted at every step (real Secret Service, real SIGKILL)', () => {
  test('--to keyring: killed after a copy, killed after a scrub, then finished; nothing lost (keys, tokens, an OAuth login), no plaintext left', async () => {
    const h = home();
    const s = plant(h);

    // 1. killed after the first copy, before anything in the store changed
    let release = holdStoreLock(h);
    let run = migrate(h, 'keyring');
    await run.waitForLine(/^anthropic:work: copied to the keyring and read back$/);
    await run.kill();
    release();
    expect(h.read(STORE)).toContain(s.key);
    expect(h.read(STORE)).toContain(s.token);
    await usable(h, s);

    // 2. killed after the first scrub, inside the second copy (keyring daemon paused)
    release = holdStoreLock(h);
    run = migrate(h, 'keyring');
    await run.waitForLine(/^anthropic:work: copied/);
    expect(run.pauseKeyring().length).toBeGreaterThan(0);
    release();
    await run.waitForLine(/^anthropic:work: removed from the store file$/);
    await run.kill();
    expect(h.read(STORE)).not.toContain(s.key);
    expect(entry(h, 'anthropic:work')?.clawdbot).toMatchObject({
      keyring: { account: 'main/anthropic:work' },
    });
    expect(h.read(STORE)).toContain(s.token);
    await usable(h, s);

    // 3. run again to the end
    run = migrate(h, 'keyring');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Moved openai:ci (token #');
    expect(run.stdout()).toContain('Moved anthropic:me (oauth #');
    const file = h.read(STORE);
    for (const secret of s.all) expect(file).not.toContain(secret);
    await usable(h, s);

    // 4. once more: nothing to do
    run = migrate(h, 'keyring');
    expect(await run.exited).toBe(0);
    expect(run.stdout().trim()).toBe('Nothing to move: 3 secret(s) already in the OS keyring.');
    expect(h.read(STORE)).toBe(file);
  });

  test('--to file: killed after a read, after the write, after the delete, then finished; no keyring item left', async () => {
    const h = home();
    const s = plant(h);
    const first = migrate(h, 'keyring');
    expect(await first.exited).toBe(0);

    // 1. killed after reading the first item, before the store changed
    let release = holdStoreLock(h);
    let run = migrate(h, 'file');
    await run.waitForLine(/^anthropic:work: read from the keyring$/);
    await run.kill();
    release();
    expect(h.read(STORE)).not.toContain(s.key);
    await usable(h, s);

    // 2. killed after the store holds it again, inside the delete of its item (daemon paused)
    release = holdStoreLock(h);
    run = migrate(h, 'file');
    await run.waitForLine(/^anthropic:work: read/);
    run.pauseKeyring();
    release();
    await run.waitForLine(/^anthropic:work: written to the store file$/);
    await run.kill();
    expect(entry(h, 'anthropic:work')).toMatchObject({
      key: s.key,
      clawdbot: { staleKeyring: { account: 'main/anthropic:work' } },
    });
    await usable(h, s);

    // 3. killed after the emptied item is deleted, before the entry forgets it
    release = holdStoreLock(h);
    run = migrate(h, 'file');
    await run.waitForLine(/^anthropic:work: keyring item deleted$/);
    await run.kill();
    release();
    expect(entry(h, 'anthropic:work')?.clawdbot).toMatchObject({ staleKeyring: {} });
    await usable(h, s);

    // 4. to the end
    run = migrate(h, 'file');
    expect(await run.exited).toBe(0);
    expect(entry(h, 'anthropic:work')).toEqual({ type: 'api_key', provider: 'anthropic', key: s.key });
    expect(entry(h, 'openai:ci')).toEqual({ type: 'token', provider: 'openai', token: s.token });
    expect(entry(h, 'anthropic:me')).toMatchObject({ access: s.access, refresh: s.all[3] });
    expect(entry(h, 'anthropic:me')?.clawdbot).toBeUndefined();
    await usable(h, s);

    // no item of ours left in the keyring: reading each one finds none
    expect(await keyringItems(h, ['main/anthropic:work', 'main/openai:ci', 'main/anthropic:me'])).toEqual([
      'main/anthropic:work SECRET_REF_UNRESOLVED',
      'main/openai:ci SECRET_REF_UNRESOLVED',
      'main/anthropic:me SECRET_REF_UNRESOLVED',
    ]);
    run = migrate(h, 'file');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('Nothing to move');
  });
});

describe('secrets migrate --all-agents', () => {
  test("moves every agent's secrets to the keyring and back, each agent named; --agent with it is a usage error", async () => {
    const h = home();
    const mainKey = fixtureSecret.anthropicApiKey();
    const workKey = fixtureSecret.anthropicApiKey();
    const listedKey = fixtureSecret.opaque();
    h.write(STORE, {
      version: 1,
      profiles: { 'anthropic:main': { type: 'api_key', provider: 'anthropic', key: mainKey } },
    });
    const workStore = '.clawdbot/agents/work/agent/auth-profiles.json';
    const listedStore = '.clawdbot/agents/ci/agent/auth-profiles.json';
    h.write(workStore, {
      version: 1,
      profiles: { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key: workKey } },
    });
    h.write(listedStore, {
      version: 1,
      profiles: { 'openai:ci': { type: 'token', provider: 'openai', token: listedKey } },
    });
    h.write('.clawdbot/clawdbot.json', { agents: { list: [{ id: 'ci' }] } });
    const secrets = [mainKey, workKey, listedKey];

    const both = await cli(h, ['secrets', 'migrate', '--to', 'keyring', '--all-agents', '--agent', 'work'], {
      secrets,
    });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--agent|--all-agents/);

    const up = await cli(h, ['secrets', 'migrate', '--to', 'keyring', '--all-agents', '--json'], {
      secrets,
      keyring: true,
    });
    expect(up.code, up.stderr).toBe(0);
    const doc = JSON.parse(up.stdout) as { agents: { agentId: string; moved: { profileId: string }[] }[] };
    expect(doc.agents.map((a) => [a.agentId, a.moved.map((m) => m.profileId)])).toEqual(
      expect.arrayContaining([
        ['main', ['anthropic:main']],
        ['work', ['anthropic:work']],
        ['ci', ['openai:ci']],
      ]),
    );
    expect(up.stderr).toContain('work: anthropic:work: copied to the keyring and read back');
    for (const [file, secret] of [
      [STORE, mainKey],
      [workStore, workKey],
      [listedStore, listedKey],
    ] as const)
      expect(h.read(file)).not.toContain(secret.slice(-12));
    expect(await keyringItems(h, ['main/anthropic:main', 'work/anthropic:work', 'ci/openai:ci'])).toEqual([
      'main/anthropic:main present',
      'work/anthropic:work present',
      'ci/openai:ci present',
    ]);

    const down = await cli(h, ['secrets', 'migrate', '--to', 'file', '--all-agents'], {
      secrets,
      keyring: true,
    });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/^Agent main:\n {2}Moved anthropic:main/m);
    expect(down.stdout).toMatch(/^Agent work:\n {2}Moved anthropic:work/m);
    expect(
      h.readJson<{ profiles: Record<string, { key?: string }> }>(workStore).profiles['anthropic:work']?.key,
    ).toBe(workKey);
  });
});
