// DESIGN.md invariant 8: migrations copy, verify by reading back, then archive; running one
// twice is a no-op. A legacy source is never archived while its copy cannot be made.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readStore } from '../src/index.js';
import { runWorker, useTempStores } from './store-helpers.js';

const setup = useTempStores();
const agentRel = '.clawdbot/agents/main/agent';
const AUTH_JSON = `${agentRel}/auth.json`;
const OAUTH_JSON = '.clawdbot/credentials/oauth.json';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}

describe('invariant 8: legacy sources stay until their copy reads back', () => {
  test('a target store that does not parse: auth.json and oauth.json are kept as they are', async () => {
    const { ctx, home, storeRel } = setup();
    const broken = '{ "version": 1, "profiles": {';
    home.write(storeRel, broken);
    const authText = home.write(AUTH_JSON, { anthropic: { type: 'api_key', key: 'sk-ant-api03-legacy' } });
    const oauthText = home.write(OAUTH_JSON, { anthropic: { access: 'a1', refresh: 'r1', expires: 1 } });
    const before = [home.read(AUTH_JSON), home.read(OAUTH_JSON)];

    expect(await codeOf(readStore(ctx))).toBe('STORE_PARSE_FAILED');
    expect(await codeOf(readStore(ctx))).toBe('STORE_PARSE_FAILED');

    expect([home.read(AUTH_JSON), home.read(OAUTH_JSON)]).toEqual(before);
    expect(home.read(storeRel)).toBe(broken);
    const names = [
      ...fs.readdirSync(home.path(agentRel)),
      ...fs.readdirSync(home.path('.clawdbot/credentials')),
    ];
    expect(names.filter((n) => n.includes('.migrated-'))).toEqual([]);
    expect([authText, oauthText].every((p) => fs.existsSync(p))).toBe(true);

    // once the user has moved the broken store away, the import runs, and only once
    fs.renameSync(home.path(storeRel), home.path(`${storeRel}.broken`));
    const view = await readStore(ctx);
    expect(view.imported.sort()).toEqual([home.path(AUTH_JSON), home.path(OAUTH_JSON)].sort());
    expect(Object.keys(view.store.profiles)).toEqual(['anthropic:default']);
    const after = home.read(storeRel);
    expect((await readStore(ctx)).imported).toEqual([]);
    expect(home.read(storeRel)).toBe(after);
  });

  test('a legacy auth.json that does not parse is reported and left in place, on every load', async () => {
    const { ctx, home, storeRel } = setup();
    const text = '{ "anthropic": { "key": "sk-ant-api03-cut';
    home.write(AUTH_JSON, text);
    for (let i = 0; i < 2; i++) {
      const view = await readStore(ctx);
      expect(view.imported).toEqual([]);
      expect(view.warnings.join('\n')).toContain(home.path(AUTH_JSON));
      expect(view.warnings.join('\n')).not.toContain('sk-ant-api03-cut');
    }
    expect(home.read(AUTH_JSON)).toBe(text);
    expect(fs.readdirSync(home.path(agentRel))).toEqual(['auth.json']);
    expect(home.exists(storeRel)).toBe(false);
  });

  test('a write the file system acknowledges and loses: the import fails and auth.json stays', async () => {
    // a real worker process whose rename() onto the store is a silent no-op (LD_PRELOAD shim)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lost-rename-'));
    const shim = path.join(dir, 'lost-rename.so');
    execFileSync('cc', [
      '-shared',
      '-fPIC',
      '-o',
      shim,
      path.join(import.meta.dirname, 'fixtures/lost-rename.c'),
      '-ldl',
    ]);
    try {
      const { home, storeRel } = setup();
      home.write(AUTH_JSON, { anthropic: { type: 'api_key', key: 'sk-ant-api03-legacy-lost' } }, 0o600);
      const r = await runWorker({ ...home.env, LD_PRELOAD: shim, LOST_RENAME_SUFFIX: 'auth-profiles.json' }, [
        'readstore',
      ]);
      expect(JSON.parse(r.stdout)).toMatchObject({ error: 'LEGACY_IMPORT_FAILED' });
      // the only copy of the key is where it was, not archived
      expect(home.readJson(AUTH_JSON)).toEqual({
        anthropic: { type: 'api_key', key: 'sk-ant-api03-legacy-lost' },
      });
      expect(fs.readdirSync(home.path(agentRel)).filter((f) => f.startsWith('auth.json.migrated'))).toEqual(
        [],
      );
      expect(home.exists(storeRel) ? home.read(storeRel) : '').not.toContain('legacy-lost');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
