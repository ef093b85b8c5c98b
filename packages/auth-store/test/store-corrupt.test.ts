import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  clearCooldown,
  clearOrder,
  markDead,
  markFailure,
  markSuccess,
  mutateProfile,
  readStore,
  removeProfile,
  setOrder,
  upsertProfile,
} from '../src/index.js';
import { apiKey, useTempStores } from './store-helpers.js';

const setup = useTempStores();

const SECRET = 'sk-ant-api03-CORRUPTSECRET';
const BROKEN = `{\n  "version": 1,\n  "profiles": {\n    "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "${SECRET}" },,\n  }\n}\n`;

describe('a store that does not parse', () => {
  test('stays byte-for-byte unchanged through every API call, with one .corrupt copy', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(storeRel, BROKEN);
    const calls: [string, () => Promise<unknown>][] = [
      ['readStore', () => readStore(ctx)],
      ['upsertProfile', () => upsertProfile(ctx, 'main', 'anthropic:new', apiKey('k'))],
      ['removeProfile', () => removeProfile(ctx, 'main', 'anthropic:default')],
      ['setOrder', () => setOrder(ctx, 'main', 'anthropic', ['anthropic:default'])],
      ['clearOrder', () => clearOrder(ctx, 'main', 'anthropic')],
      ['markSuccess', () => markSuccess(ctx, 'main', 'anthropic:default')],
      ['markFailure', () => markFailure(ctx, 'main', 'anthropic:default', 'rate_limit')],
      ['clearCooldown', () => clearCooldown(ctx, 'main', { provider: 'anthropic' })],
      [
        'markDead',
        () => markDead(ctx, 'main', 'anthropic:default', { reason: 'x', refreshFingerprint: 'ab' }),
      ],
      ['mutateProfile', () => mutateProfile(ctx, 'main', 'anthropic:default', () => apiKey('k'))],
      ['readStore (again)', () => readStore(ctx)],
      ['readStore (other agent)', () => readStore(ctx, 'work')],
    ];
    for (const [name, call] of calls) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string; path: string; hint: string },
      );
      expect([name, err?.code]).toEqual([name, 'STORE_PARSE_FAILED']);
      expect(err?.path).toBe(home.path(storeRel));
      expect(err?.message).toContain(`${home.path(storeRel)}:4:`);
      expect(`${err?.message} ${err?.hint}`).not.toContain(SECRET);
      expect(home.read(storeRel)).toBe(BROKEN);
    }
    const dir = path.dirname(home.path(storeRel));
    const copies = fs.readdirSync(dir).filter((f) => f.startsWith('auth-profiles.json.corrupt-'));
    expect(copies).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, copies[0] as string), 'utf8')).toBe(BROKEN);
    expect(fs.statSync(path.join(dir, copies[0] as string)).mode & 0o777).toBe(0o600);
  });

  test('different broken bytes get their own copy', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(storeRel, '{');
    await expect(readStore(ctx)).rejects.toMatchObject({ code: 'STORE_PARSE_FAILED' });
    home.write(storeRel, '{"version": 1,');
    await expect(readStore(ctx)).rejects.toMatchObject({ code: 'STORE_PARSE_FAILED' });
    const dir = path.dirname(home.path(storeRel));
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  test('a wrong top-level shape is STORE_INVALID and is never overwritten', async () => {
    const { ctx, home, storeRel } = setup();
    const text = '{ "version": 1, "profiles": [] }';
    home.write(storeRel, text);
    await expect(readStore(ctx)).rejects.toMatchObject({ code: 'STORE_INVALID', path: home.path(storeRel) });
    await expect(upsertProfile(ctx, 'main', 'anthropic:a', apiKey('k'))).rejects.toMatchObject({
      code: 'STORE_INVALID',
    });
    expect(home.read(storeRel)).toBe(text);
  });
});
