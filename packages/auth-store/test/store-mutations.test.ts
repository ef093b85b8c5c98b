import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  clearCooldown,
  clearOrder,
  getDeadMarker,
  getTombstone,
  markDead,
  markFailure,
  markSuccess,
  mutateProfile,
  readStore,
  removeProfile,
  setOrder,
  upsertProfile,
} from '../src/index.js';
import {
  apiKey,
  BACKENDS,
  modeOf,
  oauth,
  type StoreFile,
  useBackendStores,
  useTempStores,
} from './store-helpers.js';

const setup = useTempStores();
const onBackend = useBackendStores();
const NOW = 1_800_000_000_000;

describe('per-entry mutations', () => {
  test('upsert creates the store 0600 in 0700 dirs, lower-cases the provider, keeps other entries', async () => {
    const { ctx, home, storeRel } = setup();
    await upsertProfile(ctx, 'main', 'Anthropic:Work', { ...apiKey('k1'), provider: 'Anthropic' });
    await upsertProfile(ctx, 'main', 'openai:default', apiKey('k2', 'openai'));
    const file = home.readJson<StoreFile>(storeRel);
    expect(file.version).toBe(1);
    expect(file.profiles['anthropic:Work']).toEqual(apiKey('k1'));
    expect(file.profiles['openai:default']?.key).toBe('k2');
    expect(modeOf(home.path(storeRel))).toBe(0o600);
    expect(modeOf(home.path('.clawdbot/agents/main/agent'))).toBe(0o700);
  });

  test('upsert rejects a malformed credential without writing, naming the field only', async () => {
    const { ctx, home, storeRel } = setup();
    const err = await upsertProfile(ctx, 'main', 'anthropic:x', {
      type: 'oauth',
      provider: 'anthropic',
      access: 'sk-secret',
    } as never).catch((e) => e);
    expect(err).toMatchObject({ code: 'PROFILE_INVALID' });
    expect(err.message).toContain('profiles["anthropic:x"].refresh');
    expect(err.message).not.toContain('sk-secret');
    expect(home.exists(storeRel)).toBe(false);
  });

  test('a temp file left by a killed writer is swept once it is older than the lock stale time', async () => {
    const { ctx, home } = setup();
    const dead = home.write('.clawdbot/agents/main/agent/.auth-profiles.json.tmp-999-dead', '{"partial":');
    const fresh = home.write('.clawdbot/agents/main/agent/.auth-profiles.json.tmp-998-live', '{}');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(dead, old, old);
    await upsertProfile(ctx, 'main', 'anthropic:a', apiKey('k'));
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });
});

// The same behaviour on every store backend (invariants 1 and 9 hold on each).
describe.each(BACKENDS)('per-entry mutations on the %s store', (backend) => {
  test('removeProfile drops order, lastGood, usageStats and dead references; a tombstone stays', async () => {
    const t = await onBackend(backend);
    const { ctx } = t;
    await upsertProfile(ctx, 'main', 'anthropic:a', oauth('r1'));
    await upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k'));
    await setOrder(ctx, 'main', 'anthropic', ['anthropic:a', 'anthropic:b']);
    await markSuccess(ctx, 'main', 'anthropic:a');
    await markDead(ctx, 'main', 'anthropic:a', { reason: 'invalid_grant', refreshFingerprint: 'f1' });
    expect(await removeProfile(ctx, 'main', 'anthropic:a', { tombstone: 'grant-fp' })).toBe(true);
    const file = await t.raw();
    expect(Object.keys(file.profiles)).toEqual(['anthropic:b']);
    expect(file.order).toEqual({ anthropic: ['anthropic:b'] });
    expect(file.lastGood).toBeUndefined();
    expect(file.usageStats).toBeUndefined();
    expect(file.clawdbot).toEqual({ tombstones: { 'anthropic:a': 'grant-fp' } });
    expect(getTombstone((await readStore(ctx)).store, 'anthropic:a')).toBe('grant-fp');
    expect(await removeProfile(ctx, 'main', 'anthropic:a')).toBe(false);
  });

  test('setOrder checks ids and providers, dedupes; clearOrder removes the key', async () => {
    const t = await onBackend(backend);
    const { ctx } = t;
    await upsertProfile(ctx, 'main', 'anthropic:default', apiKey('k1'));
    await upsertProfile(ctx, 'main', 'anthropic:work', apiKey('k2'));
    await upsertProfile(ctx, 'main', 'openai:default', apiKey('k3', 'openai'));
    await expect(setOrder(ctx, 'main', 'anthropic', ['anthropic:nope'])).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
    await expect(setOrder(ctx, 'main', 'anthropic', ['openai:default'])).rejects.toMatchObject({
      code: 'PROFILE_PROVIDER_MISMATCH',
      message: 'Auth profile "openai:default" is for openai, not anthropic.',
    });
    const ids = ['anthropic:work', 'anthropic:work', 'anthropic:default'];
    expect(await setOrder(ctx, 'main', 'Anthropic', ids)).toEqual(['anthropic:work', 'anthropic:default']);
    expect((await t.raw()).order).toEqual({
      anthropic: ['anthropic:work', 'anthropic:default'],
    });
    await clearOrder(ctx, 'main', 'anthropic');
    expect((await t.raw()).order).toBeUndefined();
  });

  test('markFailure cools down, markSuccess clears it and sets lastGood, clearCooldown reports ids', async () => {
    const t = await onBackend(backend);
    const { ctx } = t;
    await upsertProfile(ctx, 'main', 'anthropic:a', apiKey('k'));
    const stats = await markFailure(ctx, 'main', 'anthropic:a', 'rate_limit');
    expect(stats).toMatchObject({ errorCount: 1, lastFailureAt: NOW, failureCounts: { rate_limit: 1 } });
    expect(stats.cooldownUntil).toBeGreaterThan(NOW);
    expect((await t.raw()).usageStats?.['anthropic:a']).toEqual(stats);
    expect(await clearCooldown(ctx, 'main', { provider: 'anthropic' })).toEqual(['anthropic:a']);
    expect(await clearCooldown(ctx, 'main', { provider: 'anthropic' })).toEqual([]);
    await markFailure(ctx, 'main', 'anthropic:a', 'billing');
    await markSuccess(ctx, 'main', 'anthropic:a');
    const file = await t.raw();
    expect(file.usageStats?.['anthropic:a']).toMatchObject({ lastUsed: NOW });
    expect(Object.keys(file.usageStats?.['anthropic:a'] ?? {})).not.toContain('disabledUntil');
    expect(file.lastGood).toEqual({ anthropic: 'anthropic:a' });
    await expect(markFailure(ctx, 'main', 'anthropic:gone', 'auth')).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
  });

  test('a dead mark survives the same refresh token and is cleared by a new one', async () => {
    const { ctx } = await onBackend(backend);
    const { createHash } = await import('node:crypto');
    const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);
    await upsertProfile(ctx, 'main', 'anthropic:claude-cli', oauth('refresh-1'));
    await markDead(ctx, 'main', 'anthropic:claude-cli', {
      reason: 'invalid_grant',
      refreshFingerprint: fp('refresh-1'),
    });
    expect(getDeadMarker((await readStore(ctx)).store, 'anthropic:claude-cli')).toEqual({
      at: NOW,
      reason: 'invalid_grant',
      refreshFingerprint: fp('refresh-1'),
    });
    await upsertProfile(ctx, 'main', 'anthropic:claude-cli', oauth('refresh-1', 1_900_000_000_001));
    expect(getDeadMarker((await readStore(ctx)).store, 'anthropic:claude-cli')).toBeDefined();
    await upsertProfile(ctx, 'main', 'anthropic:claude-cli', oauth('refresh-2'));
    expect(getDeadMarker((await readStore(ctx)).store, 'anthropic:claude-cli')).toBeUndefined();
  });

  test('mutateProfile sees the credential on disk and can write, skip or remove it', async () => {
    const t = await onBackend(backend);
    const { ctx } = t;
    await upsertProfile(ctx, 'main', 'anthropic:a', oauth('r1'));
    await removeProfile(ctx, 'main', 'anthropic:b', { tombstone: 'fp-b' });
    const seen: unknown[] = [];
    const out = await mutateProfile(ctx, 'main', 'anthropic:a', (cur, meta) => {
      seen.push(cur, meta.path);
      return cur?.type === 'oauth' ? { ...cur, access: 'new-access' } : 'skip';
    });
    expect(seen).toEqual([oauth('r1'), await t.location()]);
    expect(out).toMatchObject({ access: 'new-access', refresh: 'r1' });
    expect((await t.raw()).profiles['anthropic:a']?.access).toBe('new-access');
    const skipped = await mutateProfile(ctx, 'main', 'anthropic:b', (_cur, meta) =>
      meta.tombstone === 'fp-b' ? 'skip' : apiKey('x'),
    );
    expect(skipped).toBeUndefined();
    expect((await t.raw()).profiles['anthropic:b']).toBeUndefined();
    await mutateProfile(ctx, 'main', 'anthropic:a', () => undefined);
    expect((await t.raw()).profiles).toEqual({});
  });
});
