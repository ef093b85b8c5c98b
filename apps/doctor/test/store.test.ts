import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '@clawdbot-auth/env-loader';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { renderText } from '../src/index.js';
import { CONFIG, doctor, expectRepairCycle, hashTree, NOW, STORE, setup } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

const setupCtx = (home: { home: string; env: Record<string, string> }) =>
  createContext({
    env: { ...home.env },
    homedir: home.home,
    cwd: home.home,
    platform: 'linux',
    now: () => NOW,
  });

function given() {
  const s = setup();
  homes.push(s.home);
  return s;
}

describe('auth store', () => {
  test('a corrupt store is reported with its position and kept copy, and survives --yes byte for byte', async () => {
    const { home, ctx } = given();
    const key = fixtureSecret.anthropicApiKey();
    const corrupt = `{ "version": 1, "profiles": { "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "${key}" } }, `;
    home.write(STORE, corrupt);
    const r1 = await doctor(ctx(), { repair: true });
    const f = r1.findings.find((x) => x.id === 'store.parse');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(/:\d+:\d+/);
    expect(f?.message).toMatch(/auth-profiles\.json\.corrupt-\d+/);
    expect(f?.repair).toBeUndefined();
    expect(home.read(STORE)).toBe(corrupt);
    const before = hashTree(home.home);
    const r2 = await doctor(ctx(), { repair: true });
    expect(r2.summary.errors).toBeGreaterThan(0);
    expect(home.read(STORE)).toBe(corrupt);
    expect(hashTree(home.home)).toEqual(before);
  });

  test('a store that cannot be read: Credentials says it was not checked, never "ok"', async () => {
    const { home, ctx } = given();
    home.write(STORE, '{ "version": 1, "profiles": ');
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'credentials.not-checked');
    expect(f?.severity).toBe('warn');
    expect(f?.message).toContain("could not read agent main's auth store");
    const text = renderText(ctx(), r, { color: false });
    const section = text.slice(text.indexOf('\nCredentials\n'), text.indexOf('\nConsistency\n'));
    expect(section).not.toContain('✓ ok');
    expect(section).toContain('credentials not checked');
  });

  test('an entry with a wrong shape is reported by path and left in the file', async () => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key: 5 } },
    });
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'store.invalid-entry');
    expect(f?.message).toContain('profiles["anthropic:work"].key');
    expect(
      home.readJson<{ profiles: Record<string, unknown> }>(STORE).profiles['anthropic:work'],
    ).toBeDefined();
  });

  test('loose permissions on the state dir, agent dir, store, config and .env are fixed to 0700/0600', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: {} }, 0o644);
    home.write(CONFIG, '{}', 0o640);
    home.write('.clawdbot/.env', 'FOO=bar\n', 0o644);
    fs.chmodSync(home.stateDir, 0o755);
    fs.chmodSync(path.dirname(home.path(STORE)), 0o755);
    const { first } = await expectRepairCycle(home, ctx, 'store.permissions');
    const flagged = first.findings.filter((f) => f.id === 'store.permissions').map((f) => f.file);
    expect(flagged).toEqual(
      expect.arrayContaining([
        home.stateDir,
        path.dirname(home.path(STORE)),
        home.path(STORE),
        home.path(CONFIG),
        home.path('.clawdbot/.env'),
      ]),
    );
    const mode = (rel: string) => fs.statSync(home.path(rel)).mode & 0o777;
    expect(mode(STORE)).toBe(0o600);
    expect(mode(CONFIG)).toBe(0o600);
    expect(mode('.clawdbot/.env')).toBe(0o600);
    expect(mode('.clawdbot')).toBe(0o700);
  });

  test('an overridden agent dir is checked, but never the folder it sits in (HOME)', async () => {
    const { home } = given();
    fs.chmodSync(home.home, 0o755);
    home.write('myagent/auth-profiles.json', { version: 1, profiles: {} }, 0o644);
    const { ctx } = {
      ctx: () => ({ ...setupCtx(home), env: { ...home.env, CLAWDBOT_AGENT_DIR: home.path('myagent') } }),
    };
    const r = await doctor(ctx());
    const flagged = r.findings.filter((f) => f.id === 'store.permissions').map((f) => f.file);
    expect(flagged).toContain(home.path('myagent/auth-profiles.json'));
    expect(flagged).not.toContain(home.home);
  });
});
