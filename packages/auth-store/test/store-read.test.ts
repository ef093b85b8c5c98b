import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readStore, upsertProfile } from '../src/index.js';
import { apiKey, FIXTURES, type StoreFile, useTempStores } from './store-helpers.js';

const setup = useTempStores();

const upstreamDir = path.join(FIXTURES, 'upstream');
const upstreamFiles = fs.readdirSync(upstreamDir).filter((f) => f.endsWith('.json'));

describe('readStore', () => {
  test('a missing file is an empty store, and nothing is written', async () => {
    const { ctx, home } = setup();
    const view = await readStore(ctx);
    expect(view).toMatchObject({ agentId: 'main', exists: false, invalid: [], imported: [] });
    expect(view.store.profiles).toEqual({});
    expect(view.path).toBe(home.path('.clawdbot/agents/main/agent/auth-profiles.json'));
    expect(home.listFiles()).toEqual([]);
  });

  test.each(upstreamFiles)('upstream-written %s loads unchanged', async (name) => {
    const { ctx, home, storeRel } = setup();
    const text = fs.readFileSync(path.join(upstreamDir, name), 'utf8');
    home.write(storeRel, text);
    const view = await readStore(ctx);
    expect(view.invalid).toEqual([]);
    expect(view.store).toEqual(JSON.parse(text));
    expect(home.read(storeRel)).toBe(text);
  });

  test('a profile with a wrong shape is reported by path, the others stay usable and it survives a write', async () => {
    const { ctx, home, storeRel } = setup();
    const bad = { type: 'api_key', provider: 'anthropic', key: 42, note: 'mine' };
    home.write(storeRel, {
      version: 1,
      profiles: { 'anthropic:work': bad, 'anthropic:default': apiKey('sk-ant-api03-good') },
      futureTopLevel: { keep: true },
    });
    const view = await readStore(ctx);
    expect(view.invalid).toEqual([{ path: 'profiles["anthropic:work"].key', message: 'expected string' }]);
    expect(Object.keys(view.store.profiles)).toEqual(['anthropic:default']);
    await upsertProfile(ctx, 'main', 'openai:default', apiKey('sk-openai-x', 'openai'));
    const after = home.readJson<StoreFile>(storeRel);
    expect(after.profiles['anthropic:work']).toEqual(bad);
    expect(after.futureTopLevel).toEqual({ keep: true });
    expect(after.profiles['openai:default']?.key).toBe('sk-openai-x');
  });

  test('an unknown credential type is reported, not dropped from the file', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(storeRel, { version: 1, profiles: { 'x:y': { type: 'magic', provider: 'x' } } });
    const view = await readStore(ctx);
    expect(view.invalid).toEqual([
      { path: 'profiles["x:y"].type', message: 'expected "api_key", "token" or "oauth"' },
    ]);
    await upsertProfile(ctx, 'main', 'anthropic:default', apiKey('k'));
    expect(home.readJson<StoreFile>(storeRel).profiles['x:y']).toEqual({ type: 'magic', provider: 'x' });
  });

  test('unknown keys inside a credential are kept on write', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(storeRel, { version: 1, profiles: { 'anthropic:a': { ...apiKey('k1'), extra: [1, 2] } } });
    await upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k2'));
    expect(home.readJson<StoreFile>(storeRel).profiles['anthropic:a']?.extra).toEqual([1, 2]);
  });
});
