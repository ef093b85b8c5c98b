import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readStore, upsertProfile } from '../src/index.js';
import { apiKey, useTempStores } from './store-helpers.js';

const setup = useTempStores();

const corruptCopies = (file: string) =>
  fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${path.basename(file)}.corrupt-`));

describe('a store this version cannot read faithfully is never rewritten', () => {
  test('an unknown version (a newer format) is STORE_INVALID; an upsert leaves the bytes as they are', async () => {
    const { ctx, home, storeRel } = setup();
    const text =
      '{ "version": 2, "profiles": { "anthropic:a": { "type": "api_key", "provider": "anthropic", "key": "k" } } }\n';
    home.write(storeRel, text);
    await expect(readStore(ctx)).rejects.toMatchObject({
      code: 'STORE_INVALID',
      message: expect.stringContaining('version 2 is not a store version this clawdbot knows'),
    });
    await expect(upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k2'))).rejects.toMatchObject({
      code: 'STORE_INVALID',
    });
    expect(home.read(storeRel)).toBe(text);
  });

  test('a key given twice is a parse failure at its line and column, with one corrupt copy', async () => {
    const { ctx, home, storeRel } = setup();
    const text = [
      '{',
      '  "version": 1,',
      '  "profiles": {',
      '    "anthropic:a": { "type": "api_key", "provider": "anthropic", "key": "first" },',
      '    "anthropic:a": { "type": "api_key", "provider": "anthropic", "key": "second" }',
      '  }',
      '}',
      '',
    ].join('\n');
    home.write(storeRel, text);
    const file = home.path(storeRel);
    await expect(readStore(ctx)).rejects.toMatchObject({
      code: 'STORE_PARSE_FAILED',
      message: `${file}:5:5: a key appears twice in one object; the file was left unchanged.`,
    });
    await expect(upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k2'))).rejects.toMatchObject({
      code: 'STORE_PARSE_FAILED',
    });
    expect(home.read(storeRel)).toBe(text);
    expect(corruptCopies(file)).toHaveLength(1);
  });

  test('the same key in different objects, and escaped spellings of different keys, are fine', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(storeRel, {
      version: 1,
      profiles: {
        'anthropic:a': { type: 'api_key', provider: 'anthropic', key: 'x"y:z' },
        'anthropic:b': { type: 'api_key', provider: 'anthropic', key: '{[' },
      },
      order: { anthropic: ['anthropic:a', 'anthropic:b'] },
    });
    const view = await readStore(ctx);
    expect(Object.keys(view.store.profiles)).toEqual(['anthropic:a', 'anthropic:b']);
    // "\u0061" is "a": the same key spelled twice
    home.write(storeRel, '{"version":1,"profiles":{},"x":1,"\\u0078":2}');
    await expect(readStore(ctx)).rejects.toMatchObject({ code: 'STORE_PARSE_FAILED' });
  });

  test('invalid UTF-8 is a parse failure; the bytes stay (never replaced by U+FFFD)', async () => {
    const { ctx, home, storeRel } = setup();
    const file = home.path(storeRel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const bytes = Buffer.concat([
      Buffer.from('{"version":1,"profiles":{"anthropic:a":{"type":"api_key","provider":"anthropic","key":"k'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}}}\n'),
    ]);
    fs.writeFileSync(file, bytes);
    await expect(readStore(ctx)).rejects.toMatchObject({
      code: 'STORE_PARSE_FAILED',
      message: expect.stringMatching(/:1:\d+: not valid UTF-8; the file was left unchanged\.$/),
    });
    await expect(upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k2'))).rejects.toMatchObject({
      code: 'STORE_PARSE_FAILED',
    });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(
      fs.readFileSync(path.join(path.dirname(file), corruptCopies(file)[0] as string)).equals(bytes),
    ).toBe(true);
  });
});

describe('symlink policy', () => {
  test('a store that is a link: the write replaces the target, the link stays, nothing beside the link', async () => {
    const { ctx, home, storeRel } = setup();
    const link = home.path(storeRel);
    const real = home.path('synced/auth-profiles.json');
    home.write('synced/auth-profiles.json', { version: 1, profiles: { 'anthropic:a': apiKey('k1') } });
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(real, link);
    await upsertProfile(ctx, 'main', 'anthropic:b', apiKey('k2'));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(real, 'utf8')).profiles).toEqual({
      'anthropic:a': apiKey('k1'),
      'anthropic:b': apiKey('k2'),
    });
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(link))).toEqual(['auth-profiles.json']);
    expect(fs.readdirSync(path.dirname(real))).toEqual(['auth-profiles.json']);
  });
});
