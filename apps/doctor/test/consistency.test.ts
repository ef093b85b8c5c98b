import { readStore } from '@clawdbot-auth/auth-store';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { renderText } from '../src/index.js';
import { CONFIG, doctor, expectRepairCycle, given, HOUR, ids, NOW, STORE, storeOf } from './helpers.js';

const apiKey = () => ({ type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() });
type Raw = { auth?: { profiles?: Record<string, unknown>; order?: Record<string, string[]> } };

describe('consistency', () => {
  test('a config routing entry without a stored credential is kept by --yes, removed only with --force', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: { 'anthropic:default': apiKey() } });
    home.write(
      CONFIG,
      '{ auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" }, "anthropic:gone": { provider: "anthropic", mode: "oauth" } } } }',
    );
    const yes = await doctor(ctx(), { repair: true });
    expect(yes.repaired).toEqual([]);
    expect(home.read(CONFIG)).toContain('"anthropic:gone"'); // untouched by --yes
    expect(renderText(ctx(), yes, { color: false })).toContain('clawdbot doctor --yes --force');
    await expectRepairCycle(home, ctx, 'consistency.config-profile-missing', { force: true });
    expect(Object.keys(home.readJson<Raw>(CONFIG).auth?.profiles ?? {})).toEqual(['anthropic:default']);
  });

  test.each([
    ['anthropic:claude-cli', 'anthropic'],
    ['openai-codex:codex-cli', 'openai-codex'],
  ])('a sync-managed id (%s) is never dangling: no finding, kept even with --force', async (id, provider) => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: { 'anthropic:default': apiKey() } });
    home.write(CONFIG, {
      auth: { profiles: { [id]: { provider, mode: 'token' } }, order: { [provider]: [id] } },
    });
    const r = await doctor(ctx(), { repair: true, force: true });
    expect(ids(r)).not.toContain('consistency.config-profile-missing');
    expect(ids(r)).not.toContain('consistency.order-unknown');
    const raw = home.readJson<Raw>(CONFIG);
    expect(raw.auth?.profiles?.[id]).toMatchObject({ provider }); // kept (a legacy mode may be migrated)
    expect(raw.auth?.order?.[provider]).toEqual([id]);
  });

  test('a stored profile the config routing leaves out is added to it', async () => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': apiKey(), 'anthropic:work': apiKey() },
    });
    home.write(
      CONFIG,
      '{ auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } } }',
    );
    const { first } = await expectRepairCycle(home, ctx, 'consistency.store-profile-unrouted');
    expect(first.findings.find((f) => f.id === 'consistency.store-profile-unrouted')?.message).toContain(
      'anthropic:work',
    );
    expect(home.readJson<Raw>(CONFIG).auth?.profiles?.['anthropic:work']).toEqual({
      provider: 'anthropic',
      mode: 'api_key',
    });
  });

  test('unknown ids in config auth.order and in the store order are dropped', async () => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': apiKey() },
      order: { anthropic: ['anthropic:nope', 'anthropic:default'] },
    });
    home.write(CONFIG, '{ auth: { order: { anthropic: ["anthropic:default", "anthropic:ghost"] } } }');
    const yes = await doctor(ctx(), { repair: true });
    expect(yes.repaired).toEqual([]); // deleting order entries is not a safe repair
    const { first } = await expectRepairCycle(home, ctx, 'consistency.order-unknown', { force: true });
    expect(first.findings.filter((f) => f.id === 'consistency.order-unknown')).toHaveLength(2);
    expect(home.readJson<Raw>(CONFIG).auth?.order?.['anthropic']).toEqual(['anthropic:default']);
    expect(home.readJson<{ order: Record<string, string[]> }>(STORE).order['anthropic']).toEqual([
      'anthropic:default',
    ]);
  });

  test('a config order left with no known id is removed, not left empty', async () => {
    const { home, ctx } = given();
    home.write(STORE, { version: 1, profiles: { 'anthropic:default': apiKey() } });
    home.write(CONFIG, '{ auth: { order: { anthropic: ["anthropic:ghost"] } } }');
    await expectRepairCycle(home, ctx, 'consistency.order-unknown', { force: true });
    expect(home.readJson<Raw>(CONFIG).auth?.order).toEqual({});
  });

  test('the same secret under two ids is reported with its fingerprint only', async () => {
    const { home, ctx } = given();
    const key = apiKey();
    home.write(STORE, { version: 1, profiles: { 'anthropic:default': key, 'anthropic:copy': { ...key } } });
    const r = await doctor(ctx(), { repair: true });
    const f = r.findings.find((x) => x.id === 'consistency.duplicate-secret');
    expect(f?.message).toMatch(/anthropic:default and anthropic:copy .*#[0-9a-f]{8}/);
  });

  test('one refresh token in two agents is a forked family; --force removes the copy so it reads through', async () => {
    const { home, ctx } = given();
    const cred = {
      type: 'oauth',
      provider: 'anthropic',
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
      expires: NOW + HOUR,
    };
    home.write(STORE, { version: 1, profiles: { 'anthropic:default': cred } });
    home.write(storeOf('work'), { version: 1, profiles: { 'anthropic:default': { ...cred } } });
    const r1 = await doctor(ctx(), { repair: true });
    const f = r1.findings.find((x) => x.id === 'consistency.forked-refresh');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('main/anthropic:default');
    expect(f?.message).toContain('work/anthropic:default');
    expect(r1.repaired).toEqual([]);
    await expectRepairCycle(home, ctx, 'consistency.forked-refresh', { force: true });
    const work = await readStore(ctx(), 'work');
    expect(work.inherited.has('anthropic:default')).toBe(true);
  });

  test('a cooldown is shown with the time left and cleared by --yes; a billing disable needs --force', async () => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': apiKey(), 'anthropic:work': apiKey() },
      usageStats: {
        'anthropic:default': { errorCount: 2, lastFailureAt: NOW - 60_000, cooldownUntil: NOW + 4 * 60_000 },
        'anthropic:work': { disabledUntil: NOW + 3 * HOUR, disabledReason: 'billing', lastFailureAt: NOW },
      },
    });
    const { first } = await expectRepairCycle(home, ctx, 'consistency.cooldown');
    expect(first.findings.find((f) => f.id === 'consistency.cooldown')?.message).toContain('4m');
    expect(first.findings.find((f) => f.id === 'consistency.disabled')?.message).toContain('3h');
    await expectRepairCycle(home, ctx, 'consistency.disabled', { force: true });
  });
});
