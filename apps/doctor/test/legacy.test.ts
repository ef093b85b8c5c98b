import fs from 'node:fs';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { DAY, doctor, expectRepairCycle, given, hashTree, ids, NOW, STORE } from './helpers.js';

const profilesOf = (home: ReturnType<typeof given>['home']) =>
  Object.keys(home.readJson<{ profiles: Record<string, unknown> }>(STORE).profiles);
const archived = (home: ReturnType<typeof given>['home'], dir: string, base: string) =>
  fs.readdirSync(home.path(dir)).filter((n) => n.startsWith(`${base}.migrated-`));

describe('legacy files', () => {
  test('<agentDir>/auth.json is reported without being touched, then imported, verified and archived by --yes', async () => {
    const { home, ctx } = given();
    home.write('.clawdbot/agents/main/agent/auth.json', {
      anthropic: { type: 'api_key', key: fixtureSecret.anthropicApiKey() },
    });
    const before = hashTree(home.home);
    const first = await doctor(ctx());
    expect(hashTree(home.home)).toEqual(before);
    expect(first.findings.find((f) => f.id === 'legacy.pending')?.file).toBe(
      home.path('.clawdbot/agents/main/agent/auth.json'),
    );
    const { repaired } = await expectRepairCycle(home, ctx, 'legacy.pending');
    expect(repaired.repaired.find((r) => r.id === 'legacy.pending')?.message).toMatch(
      /archived as .*auth\.json\.migrated-\d+/,
    );
    expect(profilesOf(home)).toEqual(['anthropic:default']);
    expect(archived(home, '.clawdbot/agents/main/agent', 'auth.json')).toHaveLength(1);
    expect(ids(repaired)).not.toContain('credentials.missing');
  });

  test('<state>/credentials/oauth.json becomes anthropic:default of type oauth', async () => {
    const { home, ctx } = given();
    home.write('.clawdbot/credentials/oauth.json', {
      anthropic: {
        access: fixtureSecret.anthropicOAuthAccess(),
        refresh: fixtureSecret.anthropicOAuthRefresh(),
        expires: NOW + DAY,
      },
    });
    await expectRepairCycle(home, ctx, 'legacy.pending');
    expect(
      home.readJson<{ profiles: Record<string, { type: string }> }>(STORE).profiles['anthropic:default']
        ?.type,
    ).toBe('oauth');
    expect(archived(home, '.clawdbot/credentials', 'oauth.json')).toHaveLength(1);
  });

  test('the single-agent folder <state>/agent/ moves to agents/main/agent and is archived', async () => {
    const { home, ctx } = given();
    home.write('.clawdbot/agent/auth-profiles.json', {
      version: 1,
      profiles: {
        'anthropic:default': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      },
    });
    await expectRepairCycle(home, ctx, 'legacy.pending');
    expect(profilesOf(home)).toEqual(['anthropic:default']);
    expect(home.exists('.clawdbot/agent')).toBe(false);
    expect(archived(home, '.clawdbot', 'agent')).toHaveLength(1);
  });

  test('a conflicting file in the new place is never overwritten: the repair fails and says so', async () => {
    const { home, ctx } = given();
    const key = fixtureSecret.anthropicApiKey();
    home.write(STORE, {
      version: 1,
      profiles: { 'anthropic:default': { type: 'api_key', provider: 'anthropic', key } },
    });
    home.write('.clawdbot/agent/auth-profiles.json', {
      version: 1,
      profiles: {
        'anthropic:old': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      },
    });
    const storeBytes = home.read(STORE);
    const r = await doctor(ctx(), { repair: true });
    const f = r.findings.find((x) => x.id === 'legacy.pending.repair-failed');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('left in place');
    expect(home.read(STORE)).toBe(storeBytes);
    expect(home.exists('.clawdbot/agent/auth-profiles.json')).toBe(true);
  });
});
