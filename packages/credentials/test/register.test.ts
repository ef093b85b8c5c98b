import fs from 'node:fs';
import path from 'node:path';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { forgetCredential, registerCredential, setupTokenAndRoute } from '../src/index.js';
import { CONFIG_REL, NOW, STORE_REL, useHome } from './helpers.js';

type Config = { auth?: { profiles?: Record<string, unknown>; order?: Record<string, string[]> } };

describe('registerCredential / forgetCredential', () => {
  test('register writes the store entry and the config routing entry; forget removes both', async () => {
    const home = useHome();
    const key = fixtureSecret.openaiApiKey();
    home.config({ auth: { order: { openai: ['openai:other', 'openai:work'] } } });
    const r = await registerCredential(home.ctx, 'main', {
      profileId: 'openai:work',
      credential: { type: 'api_key', provider: 'openai', key },
    });
    expect(r).toMatchObject({ profileId: 'openai:work', configChanged: true });
    expect(home.h.readJson<{ profiles: Record<string, unknown> }>(STORE_REL).profiles['openai:work']).toEqual(
      {
        type: 'api_key',
        provider: 'openai',
        key,
      },
    );
    expect(home.h.readJson<Config>(CONFIG_REL).auth?.profiles?.['openai:work']).toEqual({
      provider: 'openai',
      mode: 'api_key',
    });
    expect(home.h.read(CONFIG_REL)).not.toContain(key);

    const gone = await forgetCredential(home.ctx, 'main', 'openai:work');
    expect(gone).toMatchObject({ storeRemoved: true, configUpdated: true, tombstone: false });
    expect(
      home.h.readJson<{ profiles: Record<string, unknown> }>(STORE_REL).profiles['openai:work'],
    ).toBeUndefined();
    const cfg = home.h.readJson<Config>(CONFIG_REL);
    expect(cfg.auth?.profiles?.['openai:work']).toBeUndefined();
    expect(cfg.auth?.order?.openai).toEqual(['openai:other']);
  });

  test('registering the same routing twice writes the config once', async () => {
    const home = useHome();
    const credential = {
      type: 'token' as const,
      provider: 'anthropic',
      token: fixtureSecret.anthropicOAuthAccess(),
    };
    await registerCredential(home.ctx, 'main', { profileId: 'anthropic:manual', credential });
    const before = fs.statSync(home.h.path(CONFIG_REL)).mtimeMs;
    const again = await registerCredential(home.ctx, 'main', { profileId: 'anthropic:manual', credential });
    expect(again.configChanged).toBe(false);
    expect(fs.statSync(home.h.path(CONFIG_REL)).mtimeMs).toBe(before);
  });

  test('replacing a stored key says what was there (type, fingerprint), never the secret', async () => {
    const home = useHome();
    const first = fixtureSecret.openaiApiKey();
    const second = `${first.slice(0, -4)}zzzz`;
    const put = (key: string) =>
      registerCredential(home.ctx, 'main', {
        profileId: 'openai:default',
        credential: { type: 'api_key', provider: 'openai', key },
      });
    expect((await put(first)).replaced).toBeUndefined();
    const again = await put(second);
    expect(again.replaced).toMatchObject({ type: 'api_key', sameSecret: false });
    expect(again.replaced?.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(again)).not.toContain(first.slice(8, 20));
    expect((await put(second)).replaced).toMatchObject({ type: 'api_key', sameSecret: true });
  });

  test('a profile id of another provider is refused before anything is written', async () => {
    const home = useHome();
    await expect(
      registerCredential(home.ctx, 'main', {
        profileId: 'openai:x',
        credential: { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      }),
    ).rejects.toMatchObject({ code: 'PROFILE_PROVIDER_MISMATCH' });
    expect(home.h.listFiles()).toEqual([]);
  });

  test('a config that does not parse: nothing is written, not even with --storage file', async () => {
    const home = useHome();
    home.h.write(CONFIG_REL, '{ "auth": ');
    await expect(
      registerCredential(home.ctx, 'main', {
        profileId: 'openai:work',
        credential: { type: 'api_key', provider: 'openai', key: fixtureSecret.openaiApiKey() },
        storage: 'file',
      }),
    ).rejects.toMatchObject({ code: 'CONFIG_PARSE_FAILED' });
    expect(fs.existsSync(home.h.path(STORE_REL))).toBe(false);
    expect(home.h.read(CONFIG_REL)).toBe('{ "auth": ');
  });

  test('a config that cannot be written: the store gets back what it held (a read-only directory)', async () => {
    // /proc refuses new files to every user, root included (a chmod 0555 directory would not stop root).
    const home = useHome({ CLAWDBOT_CONFIG_PATH: '/proc/clawdbot.json' });
    const old = fixtureSecret.openaiApiKey();
    home.store({ 'openai:work': { type: 'api_key', provider: 'openai', key: old } });
    const before = home.h.read(STORE_REL);
    const put = (profileId: string) =>
      registerCredential(home.ctx, 'main', {
        profileId,
        credential: { type: 'api_key', provider: 'openai', key: fixtureSecret.openaiApiKey() },
        storage: 'file',
      });
    await expect(put('openai:work')).rejects.toMatchObject({ code: 'CONFIG_LOCK_FAILED' });
    await expect(put('openai:new')).rejects.toMatchObject({ code: 'CONFIG_LOCK_FAILED' });
    expect(JSON.parse(home.h.read(STORE_REL))).toEqual(JSON.parse(before));
  });

  test('forgetting a synced Claude Code login leaves a tombstone', async () => {
    const home = useHome();
    await registerCredential(home.ctx, 'main', {
      profileId: 'anthropic:claude-cli',
      credential: { type: 'token', provider: 'anthropic', token: fixtureSecret.anthropicOAuthAccess() },
    });
    expect(home.h.readJson<Config>(CONFIG_REL).auth?.profiles?.['anthropic:claude-cli']).toEqual({
      provider: 'anthropic',
      mode: 'oauth',
    });
    const gone = await forgetCredential(home.ctx, 'main', 'anthropic:claude-cli');
    expect(gone.tombstone).toBe(true);
    await expect(forgetCredential(home.ctx, 'main', 'anthropic:claude-cli')).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
  });

  test('setup-token: the token Claude Code leaves is imported and routed in config', async () => {
    const home = useHome();
    const bin = home.h.path('bin');
    const file = home.h.path('.claude/.credentials.json');
    const creds = JSON.stringify({
      claudeAiOauth: { accessToken: fixtureSecret.anthropicOAuthAccess(), expiresAt: NOW + 300 * 86_400_000 },
    });
    home.h.write(
      'bin/claude',
      `#!/bin/sh\nmkdir -p '${path.dirname(file)}'\nprintf '%s' '${creds}' > '${file}'\n`,
      0o755,
    );
    home.ctx.env.PATH = `${bin}:/usr/bin:/bin`;
    const r = await setupTokenAndRoute(home.ctx, 'main', { isTTY: true });
    expect(r.changed).toEqual(['anthropic:claude-cli']);
    expect(home.h.readJson<Config>(CONFIG_REL).auth?.profiles?.['anthropic:claude-cli']).toEqual({
      provider: 'anthropic',
      mode: 'oauth',
    });
  });
});
