import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  markFailure,
  mutateProfile,
  readStore,
  resolveAgentDir,
  resolveStorePath,
  upsertProfile,
} from '../src/index.js';
import { apiKey, oauth, type StoreFile, useTempStores } from './store-helpers.js';

const setup = useTempStores();
const NOW = 1_800_000_000_000;
const agentRel = '.clawdbot/agents/main/agent';

describe('paths', () => {
  test('default agent dir, CLAWDBOT_AGENT_DIR then PI_CODING_AGENT_DIR for the default agent only', () => {
    const { ctx, home } = setup();
    expect(resolveStorePath(ctx)).toBe(home.path(`${agentRel}/auth-profiles.json`));
    expect(resolveAgentDir(ctx, 'Work')).toBe(home.path('.clawdbot/agents/work/agent'));
    ctx.env.PI_CODING_AGENT_DIR = '~/pi';
    expect(resolveAgentDir(ctx)).toBe(home.path('pi'));
    ctx.env.CLAWDBOT_AGENT_DIR = home.path('agent-x');
    expect(resolveAgentDir(ctx, 'main')).toBe(home.path('agent-x'));
    expect(resolveAgentDir(ctx, 'work')).toBe(home.path('.clawdbot/agents/work/agent'));
  });
});

describe('legacy import', () => {
  test('auth.json becomes <provider>:default, is read back, archived, and a second load is a no-op', async () => {
    const { ctx, home, storeRel } = setup();
    home.write(
      `${agentRel}/auth.json`,
      {
        anthropic: { type: 'api_key', key: 'sk-ant-api03-legacy' },
        openai: { key: 'sk-oa' },
      },
      0o644,
    );
    const view = await readStore(ctx);
    expect(view.imported).toEqual([home.path(`${agentRel}/auth.json`)]);
    expect(view.store.profiles).toEqual({
      'anthropic:default': apiKey('sk-ant-api03-legacy'),
      'openai:default': apiKey('sk-oa', 'openai'),
    });
    expect(home.exists(`${agentRel}/auth.json`)).toBe(false);
    expect(home.exists(`${agentRel}/auth.json.migrated-${NOW}`)).toBe(true);
    // the archive holds the key: 0600 whatever the source's mode was
    expect(fs.statSync(home.path(`${agentRel}/auth.json.migrated-${NOW}`)).mode & 0o777).toBe(0o600);
    const before = home.read(storeRel);
    const again = await readStore(ctx);
    expect(again.imported).toEqual([]);
    expect(home.read(storeRel)).toBe(before);
  });

  test('oauth.json (CLAWDBOT_OAUTH_DIR) imports as oauth unless the id exists', async () => {
    const { ctx, home, storeRel } = setup();
    ctx.env.CLAWDBOT_OAUTH_DIR = home.path('oauth-dir');
    home.write(storeRel, {
      version: 1,
      profiles: { 'openai-codex:default': { ...oauth('keep-me'), provider: 'openai-codex' } },
    });
    home.write('oauth-dir/oauth.json', {
      anthropic: { access: 'a1', refresh: 'r1', expires: 1_900_000_000_000, email: 'me@example.com' },
      'openai-codex': { access: 'a2', refresh: 'r2', expires: 1 },
    });
    const view = await readStore(ctx);
    expect(view.imported).toEqual([home.path('oauth-dir/oauth.json')]);
    expect(view.store.profiles['anthropic:default']).toEqual({
      type: 'oauth',
      provider: 'anthropic',
      access: 'a1',
      refresh: 'r1',
      expires: 1_900_000_000_000,
      email: 'me@example.com',
    });
    expect(view.store.profiles['openai-codex:default']).toMatchObject({ refresh: 'keep-me' });
    expect(fs.readdirSync(home.path('oauth-dir'))).toEqual([`oauth.json.migrated-${NOW}`]);
  });

  test('<state>/agent is copied to the default agent and archived', async () => {
    const { ctx, home } = setup();
    const old = { version: 1, profiles: { 'anthropic:default': apiKey('sk-old') } };
    home.write('.clawdbot/agent/auth-profiles.json', old);
    home.write('.clawdbot/agent/models.json', '{"m":1}');
    const view = await readStore(ctx);
    expect(view.imported).toEqual([home.path('.clawdbot/agent')]);
    expect(view.store.profiles).toEqual(old.profiles);
    expect(home.read(`${agentRel}/models.json`)).toBe('{"m":1}');
    expect(home.exists(`.clawdbot/agent.migrated-${NOW}/auth-profiles.json`)).toBe(true);
    expect((await readStore(ctx)).imported).toEqual([]);
  });

  test('a file in <state>/agent that differs from the new place is a reported conflict, nothing overwritten', async () => {
    const { ctx, home, storeRel } = setup();
    const current = { version: 1, profiles: { 'anthropic:default': apiKey('sk-new') } };
    home.write(storeRel, current);
    home.write('.clawdbot/agent/auth-profiles.json', { version: 1, profiles: {} });
    const view = await readStore(ctx);
    expect(view.imported).toEqual([]);
    expect(view.warnings[0]).toContain(home.path('.clawdbot/agent/auth-profiles.json'));
    expect(home.readJson(storeRel)).toEqual(current);
    expect(home.exists('.clawdbot/agent/auth-profiles.json')).toBe(true);
  });
});

describe('read-through for another agent', () => {
  test('reads the main credential without copying it; writes for it go to the main store', async () => {
    const { ctx, home, storeRel } = setup();
    await upsertProfile(ctx, 'main', 'anthropic:default', oauth('only-here'));
    await upsertProfile(ctx, 'main', 'openai:default', apiKey('sk-main-openai', 'openai'));
    await upsertProfile(ctx, 'work', 'openai:work', apiKey('sk-work-openai', 'openai'));
    const view = await readStore(ctx, 'work');
    expect([...view.inherited]).toEqual(['anthropic:default']);
    expect(Object.keys(view.store.profiles).sort()).toEqual(['anthropic:default', 'openai:work']);
    await markFailure(ctx, 'work', 'anthropic:default', 'rate_limit');
    await mutateProfile(ctx, 'work', 'anthropic:default', (cur) =>
      cur ? { ...cur, access: 'rotated' } : 'skip',
    );
    const workFile = home.readJson<StoreFile>('.clawdbot/agents/work/agent/auth-profiles.json');
    expect(Object.keys(workFile.profiles)).toEqual(['openai:work']);
    expect(workFile.usageStats).toBeUndefined();
    const mainFile = home.readJson<StoreFile>(storeRel);
    expect(mainFile.profiles['anthropic:default']?.access).toBe('rotated');
    expect(mainFile.usageStats?.['anthropic:default']?.errorCount).toBe(1);
    const files = home.listFiles().filter((f) => f.endsWith('auth-profiles.json'));
    const holders = files.filter((f) => home.read(f).includes('only-here'));
    expect(holders).toEqual([path.normalize(storeRel)]);
  });
});
