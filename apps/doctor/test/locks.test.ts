import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CONFIG, doctor, expectRepairCycle, given, STORE } from './helpers.js';

/** A lock directory with its mtime `offsetS` seconds from now. */
function lockDated(dir: string, offsetS: number): void {
  fs.mkdirSync(dir);
  const t = Date.now() / 1000 + offsetS;
  fs.utimesSync(dir, t, t);
}

describe('locks', () => {
  test('a store lock dated in the future is an error; --yes keeps it, --force removes it', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: {} });
    const lock = `${home.path(STORE)}.lock`;
    lockDated(lock, 86_400);
    const r1 = await doctor(ctx(), { repair: true });
    const f = r1.findings.find((x) => x.id === 'store.lock');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(
      /^the lock ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json\.lock is dated in the future \(.+\): it never expires and blocks every write to ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json$/,
    );
    expect(f?.fix).toContain('clawdbot doctor --fix --force');
    expect(f?.repair?.safe).toBe(false);
    expect(fs.existsSync(lock)).toBe(true);
    const r2 = await doctor(ctx(), { repair: true, force: true });
    expect(r2.repaired.map((r) => r.id)).toContain('store.lock');
    expect(fs.existsSync(lock)).toBe(false);
    expect((await doctor(ctx())).findings.map((x) => x.id)).not.toContain('store.lock');
  });

  test('a config lock left by a process that died is noted; a fresh one (a live writer) is not', async () => {
    const { home, ctx } = given();
    home.write(CONFIG, {});
    home.write(STORE, { version: 1, profiles: {} });
    lockDated(`${home.path(CONFIG)}.lock`, -600);
    lockDated(`${home.path(STORE)}.lock`, 0);
    const r = await doctor(ctx());
    const found = r.findings.filter((x) => x.id === 'store.lock');
    expect(found.map((x) => [x.severity, x.message])).toEqual([
      [
        'info',
        'the lock ~/.clawdbot/clawdbot.json.lock was left by a process that stopped; the next write to ~/.clawdbot/clawdbot.json takes it over',
      ],
    ]);
  });
});

describe('copies that hold credentials', () => {
  test('a legacy archive and a corrupt copy readable by others are flagged and made 0600', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: {} });
    home.write('.clawdbot/agents/main/agent/auth.json.migrated-1700000000000', '{}', 0o644);
    home.write('.clawdbot/clawdbot.json.corrupt-1700000000000', '{', 0o640);
    const { first } = await expectRepairCycle(home, ctx, 'store.permissions');
    const files = first.findings.filter((x) => x.id === 'store.permissions').map((x) => x.message);
    expect(files).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^~\/\.clawdbot\/agents\/main\/agent\/auth\.json\.migrated-1700000000000 is 0644/,
        ),
        expect.stringMatching(/^~\/\.clawdbot\/clawdbot\.json\.corrupt-1700000000000 is 0640/),
      ]),
    );
    expect(fs.statSync(home.path('.clawdbot/clawdbot.json.corrupt-1700000000000')).mode & 0o777).toBe(0o600);
  });

  test('config backups (.bak, .bak.N) readable by others are flagged and made 0600, also beside a moved config', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: {} });
    home.write(CONFIG, {});
    home.write('.clawdbot/clawdbot.json.bak', '{}', 0o644);
    home.write('.clawdbot/clawdbot.json.bak.3', '{}', 0o604);
    const { first } = await expectRepairCycle(home, ctx, 'store.permissions');
    expect(first.findings.filter((x) => x.id === 'store.permissions').map((x) => x.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^~\/\.clawdbot\/clawdbot\.json\.bak is 0644/),
        expect.stringMatching(/^~\/\.clawdbot\/clawdbot\.json\.bak\.3 is 0604/),
      ]),
    );
    expect(fs.statSync(home.path('.clawdbot/clawdbot.json.bak.3')).mode & 0o777).toBe(0o600);

    const moved = given();
    moved.home.write('etc/bot.json', {});
    moved.home.write('etc/bot.json.bak.1', '{}', 0o644);
    moved.home.write('etc/notes.bak', 'not ours', 0o644);
    const env = { CLAWDBOT_CONFIG_PATH: moved.home.path('etc/bot.json') };
    const r = await doctor({ ...moved.ctx(), env: { ...moved.ctx().env, ...env } }, { repair: true });
    expect(r.repaired.map((x) => x.message)).toEqual([
      expect.stringMatching(/^chmod 0600 ~\/etc\/bot\.json\.bak\.1$/),
    ]);
    expect(fs.statSync(moved.home.path('etc/notes.bak')).mode & 0o777).toBe(0o644);
  });
});
