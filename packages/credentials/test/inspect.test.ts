import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { inspectAgent, resolveForAgent } from '../src/index.js';
import { DAY, NOW, useHome } from './helpers.js';

const oauth = (expires: number) => ({
  type: 'oauth',
  provider: 'anthropic',
  access: fixtureSecret.anthropicOAuthAccess(),
  refresh: fixtureSecret.anthropicOAuthRefresh(),
  expires,
});
const token = () => ({ type: 'token', provider: 'anthropic', token: fixtureSecret.anthropicOAuthAccess() });

describe('inspectAgent', () => {
  test('a Claude Code login left out by config auth.profiles is not used, and says why and what to run', async () => {
    const home = useHome();
    home.store({ 'anthropic:claude-cli': oauth(NOW + 10 * DAY), 'anthropic:manual': token() });
    home.config({ auth: { profiles: { 'anthropic:manual': { provider: 'anthropic', mode: 'token' } } } });
    const pic = await inspectAgent(await home.world(), 'main');
    const anthropic = pic.providers.find((p) => p.provider === 'anthropic')!;
    expect(anthropic.nextUsed).toBe('anthropic:manual');
    expect(anthropic.orderSource).toBe('profiles');
    const cli = anthropic.candidates.find((c) => c.id === 'anthropic:claude-cli')!;
    expect(cli).toMatchObject({ eligible: false, next: false, reasonCode: 'excluded_by_auth_order' });
    expect(cli.recovery?.run).toEqual([
      'clawdbot models auth order set --provider anthropic anthropic:claude-cli anthropic:manual',
    ]);
    const manual = anthropic.candidates.find((c) => c.id === 'anthropic:manual')!;
    expect(manual).toMatchObject({ eligible: true, next: true });
    expect(manual.reasonCode).toBeUndefined();
  });

  test('with only ANTHROPIC_API_KEY set, the key is what the next request uses', async () => {
    const home = useHome({ ANTHROPIC_API_KEY: fixtureSecret.anthropicApiKey() });
    const pic = await inspectAgent(await home.world(), 'main');
    const anthropic = pic.providers.find((p) => p.provider === 'anthropic')!;
    expect(anthropic.nextUsed).toBe('ANTHROPIC_API_KEY');
    expect(anthropic.candidates[0]).toMatchObject({
      kind: 'env',
      eligible: true,
      source: 'env: ANTHROPIC_API_KEY',
    });
    expect(anthropic.candidates[0]?.origin).toEqual({ kind: 'process' });
  });

  test('cooldown, billing, dead refresh, expired token, missing and tombstoned each get their code', async () => {
    const home = useHome();
    const dead = oauth(NOW - DAY);
    home.store(
      {
        'anthropic:cool': token(),
        'anthropic:bill': token(),
        'anthropic:dead': dead,
        'anthropic:old': { ...token(), expires: NOW - DAY },
      },
      {
        usageStats: {
          'anthropic:cool': { cooldownUntil: NOW + 60_000, errorCount: 1 },
          'anthropic:bill': { disabledUntil: NOW + 3_600_000, disabledReason: 'billing' },
        },
      },
    );
    const { fingerprint, markDead, removeProfile, upsertProfile } = await import('@clawdbot-auth/auth-store');
    await markDead(home.ctx, 'main', 'anthropic:dead', {
      reason: 'invalid_grant',
      refreshFingerprint: fingerprint(dead.refresh),
    });
    await upsertProfile(home.ctx, 'main', 'anthropic:claude-cli', oauth(NOW + DAY) as never);
    await removeProfile(home.ctx, 'main', 'anthropic:claude-cli', { tombstone: 'gone' });
    home.config({
      auth: {
        order: {
          anthropic: [
            'anthropic:cool',
            'anthropic:bill',
            'anthropic:dead',
            'anthropic:old',
            'anthropic:ghost',
          ],
        },
      },
    });
    const anthropic = (await inspectAgent(await home.world(), 'main')).providers.find(
      (p) => p.provider === 'anthropic',
    )!;
    const code = (id: string) => anthropic.candidates.find((c) => c.id === id);
    expect(code('anthropic:cool')).toMatchObject({ reasonCode: 'cooldown', remainingMs: 60_000 });
    expect(code('anthropic:bill')).toMatchObject({ reasonCode: 'disabled_billing', remainingMs: 3_600_000 });
    expect(code('anthropic:old')?.reasonCode).toBe('expired');
    expect(code('anthropic:ghost')?.reasonCode).toBe('missing_credential');
    expect(code('anthropic:claude-cli')).toMatchObject({ reasonCode: 'tombstoned', source: 'claude-cli' });
    expect(code('anthropic:cool')?.recovery?.run).toEqual([
      'clawdbot models auth cooldown clear --profile-id anthropic:cool',
    ]);
    expect(code('anthropic:dead')?.reasonCode).toBe('refresh_dead');
    expect(anthropic.nextUsed).toBeUndefined();
  });

  test('resolveForAgent gives the same order as the picture', async () => {
    const home = useHome({ ANTHROPIC_API_KEY: fixtureSecret.anthropicApiKey() });
    home.store({ 'anthropic:a': token(), 'anthropic:b': oauth(NOW + DAY) });
    const world = await home.world();
    const { usable } = await resolveForAgent(world, 'main', 'anthropic');
    const pic = (await inspectAgent(world, 'main', { providers: ['anthropic'] })).providers[0]!;
    expect(usable.map((c) => c.id)).toEqual(pic.candidates.filter((c) => c.eligible).map((c) => c.id));
    expect(usable.map((c) => c.id)).toEqual(['anthropic:b', 'anthropic:a', 'ANTHROPIC_API_KEY']);
  });
});
