import { fixtureSecret } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { CONFIG, doctor, expectRepairCycle, ids, setup } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function given(env: Record<string, string> = {}) {
  const s = setup(env);
  homes.push(s.home);
  return s;
}

/** A `${GW_KEY}` reference, written so it is not read as a template. */
const VAR_REF = ['$', '{GW_KEY}'].join('');

/** A login shell whose profile exports a provider key: `fakesh -l -c 'env -0'`. */
function fakeShell(home: ReturnType<typeof given>['home'], key: string): string {
  return home.write(
    'bin/fakesh',
    `#!/bin/sh\nexport ANTHROPIC_API_KEY='${key}'\nshift\nexec /bin/sh "$@"\n`,
    0o700,
  );
}

describe('environment', () => {
  test('literal secrets in the config are reported by path, never shown', async () => {
    const { home, ctx } = given();
    home.write(
      CONFIG,
      JSON.stringify({
        models: {
          providers: { openai: { apiKey: fixtureSecret.openaiApiKey() }, gateway: { apiKey: VAR_REF } },
        },
        env: { vars: { OPENROUTER_API_KEY: fixtureSecret.openrouterApiKey(), LOG_LEVEL: 'debug' } },
        auth: {
          profiles: {
            'anthropic:default': {
              provider: 'anthropic',
              mode: 'api_key',
              key: fixtureSecret.anthropicApiKey(),
            },
          },
        },
      }),
    );
    const r = await doctor(ctx());
    const where = r.findings
      .filter((f) => f.id === 'env.secret-in-config')
      .map((f) => f.message.split(' ')[0]);
    expect(where).toEqual([
      'models.providers.openai.apiKey',
      'env.vars.OPENROUTER_API_KEY',
      'auth.profiles["anthropic:default"].key',
    ]);
  });

  test('--yes moves a literal key into ~/.clawdbot/.env and leaves a VAR reference in its place', async () => {
    const { home, ctx } = given();
    const openai = fixtureSecret.openaiApiKey();
    const openrouter = fixtureSecret.openrouterApiKey();
    home.write(
      CONFIG,
      JSON.stringify({
        agents: { defaults: { model: { primary: 'openai/gpt-5.2' } } },
        models: { providers: { openai: { apiKey: openai } } },
        env: { vars: { OPENROUTER_API_KEY: openrouter, LOG_LEVEL: 'debug' } },
      }),
    );
    home.write('.clawdbot/.env', 'LOG_FORMAT=json');
    const { repaired } = await expectRepairCycle(home, ctx, 'env.secret-in-config');
    expect(ids(repaired)).not.toContain('credentials.missing');
    expect(home.read('.clawdbot/.env')).toBe(
      `LOG_FORMAT=json\nOPENAI_API_KEY=${openai}\nOPENROUTER_API_KEY=${openrouter}\n`,
    );
    const config = home.readJson<{
      models: { providers: { openai: { apiKey: string } } };
      env: { vars: object };
    }>(CONFIG);
    expect(config.models.providers.openai.apiKey).toBe(['$', '{OPENAI_API_KEY}'].join(''));
    expect(config.env.vars).toEqual({ LOG_LEVEL: 'debug' });
  });

  test('--deep finds a provider key that only the login shell sets; without --deep the shell is not run', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const { home, ctx } = given();
    home.env['SHELL'] = fakeShell(home, key);
    const shallow = await doctor(ctx());
    expect(ids(shallow)).not.toContain('env.shell-only');
    const deep = await doctor(ctx(), { deep: true });
    const f = deep.findings.find((x) => x.id === 'env.shell-only');
    expect(f?.severity).toBe('warn');
    expect(f?.message).toContain('ANTHROPIC_API_KEY');
    expect(f?.fix).toBe('add ANTHROPIC_API_KEY=<value> to ~/.clawdbot/.env');
  });

  test('--deep is quiet when ~/.clawdbot/.env already has the key', async () => {
    const key = fixtureSecret.anthropicApiKey();
    const { home, ctx } = given();
    home.env['SHELL'] = fakeShell(home, key);
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${key}\n`);
    const r = await doctor(ctx(), { deep: true });
    expect(ids(r)).not.toContain('env.shell-only');
  });

  test('a malformed .env line is reported as file:line', async () => {
    const { home, ctx } = given();
    home.write(
      '.clawdbot/.env',
      `GOOD=1\nthis line is not an assignment\nANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`,
    );
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'env.dotenv');
    expect(f?.message).toMatch(/\.env:2/);
  });
});
