import fs from 'node:fs';
import { fixtureSecret, writeResolverScript } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('commands/secrets/audit.js');

describe.concurrent('clawdbot secrets audit', () => {
  test('--check finds every planted plaintext secret (store, config, both .env files), never printing one', async () => {
    const h = home();
    const planted = {
      storeKey: fixtureSecret.anthropicApiKey(),
      storeToken: fixtureSecret.anthropicOAuthAccess(),
      access: fixtureSecret.anthropicOAuthAccess(),
      refresh: fixtureSecret.anthropicOAuthRefresh(),
      configKey: fixtureSecret.openrouterApiKey(),
      configEnv: fixtureSecret.openaiApiKey(),
      stateDotenv: fixtureSecret.openaiApiKey(),
      cwdDotenv: fixtureSecret.anthropicApiKey(),
    };
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:key': { type: 'api_key', provider: 'anthropic', key: planted.storeKey },
        'anthropic:tok': { type: 'token', provider: 'anthropic', token: planted.storeToken },
        'anthropic:sub': {
          type: 'oauth',
          provider: 'anthropic',
          access: planted.access,
          refresh: planted.refresh,
          expires: 1,
        },
      },
    });
    h.write(CONFIG, {
      models: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference as written in the config
        providers: { openrouter: { apiKey: planted.configKey }, openai: { apiKey: '${OPENAI_API_KEY}' } },
      },
      env: { vars: { OPENAI_API_KEY: planted.configEnv } },
    });
    h.write('.clawdbot/.env', `OPENAI_API_KEY=${planted.stateDotenv}\nUNRELATED=x\n`);
    h.write('project/.env', `ANTHROPIC_API_KEY=${planted.cwdDotenv}\n`, 0o644);
    const secrets = Object.values(planted);
    const r = await cli(h, ['secrets', 'audit', '--check', '--json'], { cwd: h.path('project'), secrets });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { code: string; where: string; path: string }[];
    const seen = findings.map((f) => `${f.code} ${f.where}`).sort();
    expect(seen).toEqual(
      [
        'LOOSE_PERMISSIONS file',
        'PLAINTEXT_IN_CONFIG env OPENAI_API_KEY',
        'PLAINTEXT_IN_CONFIG models.providers.openrouter.apiKey',
        'PLAINTEXT_IN_DOTENV ANTHROPIC_API_KEY',
        'PLAINTEXT_IN_DOTENV OPENAI_API_KEY',
        'PLAINTEXT_IN_STORE anthropic:key',
        'PLAINTEXT_IN_STORE anthropic:sub',
        'PLAINTEXT_IN_STORE anthropic:tok',
      ].sort(),
    );
    expect(findings.find((f) => f.code === 'LOOSE_PERMISSIONS')?.path).toBe(h.path('project/.env'));
    const text = await cli(h, ['secrets', 'audit'], { cwd: h.path('project'), secrets });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('fix: clawdbot secrets migrate --to keyring');
  });

  test('--check exits 2 on an unresolved reference; exec resolvers run only with --allow-exec', async () => {
    const h = home();
    const runs = h.path('runs');
    const command = writeResolverScript(h, { kind: 'values', values: {} }, runs);
    h.write(CONFIG, { secrets: { providers: { vault: { source: 'exec', command, passEnv: ['PATH'] } } } });
    h.write(STORE, {
      version: 1,
      profiles: {
        'openai:vault': {
          type: 'api_key',
          provider: 'openai',
          keyRef: { source: 'exec', provider: 'vault', id: 'ai/openai' },
        },
      },
    });
    const quiet = await cli(h, ['secrets', 'audit', '--check', '--json']);
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout).refs).toEqual({ checked: 0, unresolved: 0, skippedExec: 1 });
    expect(fs.existsSync(runs)).toBe(false);
    const exec = await cli(h, ['secrets', 'audit', '--check', '--allow-exec']);
    expect(exec.code).toBe(2);
    expect(exec.stdout).toContain(
      'UNRESOLVED_REF ~/.clawdbot/agents/main/agent/auth-profiles.json openai:vault: exec provider "vault": returned no value',
    );
  });

  test('a clean state: exit 0 and says so', async () => {
    const h = home();
    h.write(STORE, {
      version: 1,
      profiles: {
        'openai:ci': { type: 'api_key', provider: 'openai', keyRef: { source: 'env', id: 'CI_KEY' } },
      },
    });
    // ${VAR} in the config names a variable: the key is not in the file (the loaded config holds it substituted)
    h.write(CONFIG, {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference as written in the config
      models: { providers: { openai: { apiKey: '${CI_KEY}' } } },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a ${VAR} reference as written in the config
      env: { vars: { OPENAI_API_KEY: '${CI_KEY}' } },
    });
    const r = await cli(h, ['secrets', 'audit', '--check'], { env: { CI_KEY: 'sk-proj-from-env-only' } });
    expect(r.stdout).not.toContain('PLAINTEXT_IN_CONFIG');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No plaintext secrets at rest found.');
  });
});
