import fs from 'node:fs';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { CONFIG, doctor, expectRepairCycle, hashTree, ids, STORE, setup } from './helpers.js';

const homes: { cleanup(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function given(config: string) {
  const s = setup();
  homes.push(s.home);
  s.home.write(CONFIG, config);
  return s;
}

describe('config', () => {
  test('a config that does not parse is an error naming the file and line:col, and --yes leaves it alone', async () => {
    const { home, ctx } = given('{\n  auth: {\n    profiles: { oops }\n');
    const before = hashTree(home.home);
    const r = await doctor(ctx(), { repair: true });
    const f = r.findings.find((x) => x.id === 'config.parse');
    expect(f?.severity).toBe('error');
    expect(f?.file).toBe(home.path(CONFIG));
    expect(f?.message).toMatch(/clawdbot\.json.*\d+:\d+/);
    expect(r.summary.errors).toBeGreaterThan(0);
    // The file is untouched; the only addition is one .corrupt-<ms> copy of the same bytes.
    const after = hashTree(home.home);
    const copies = Object.keys(after).filter((k) => k.startsWith(`${CONFIG}.corrupt-`));
    expect(copies).toHaveLength(1);
    expect(after[copies[0] as string]).toBe(before[CONFIG]);
    delete after[copies[0] as string];
    expect(after).toEqual(before);
    // A second run changes no byte.
    await doctor(ctx(), { repair: true });
    expect(hashTree(home.home)).toEqual({ ...before, [copies[0] as string]: before[CONFIG] });
  });

  test('schema problems are listed by path', async () => {
    const { ctx } = given('{ agents: { defaults: { model: { primary: 7 } } } }');
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'config.schema');
    expect(f?.message).toContain('agents.defaults.model.primary');
    expect(f?.severity).toBe('error');
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the name of a config ${VAR} reference
  test('a ${VAR} that is not set names the config path and the variable', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference in the config
    const { ctx } = given('{ models: { providers: { gateway: { apiKey: "${VERCEL_GATEWAY_API_KEY}" } } } }');
    const r = await doctor(ctx());
    const f = r.findings.find((x) => x.id === 'config.env-var-missing');
    expect(f?.message).toContain('VERCEL_GATEWAY_API_KEY');
    expect(f?.message).toContain('models.providers.gateway.apiKey');
  });

  test('pending legacy migrations are reported, applied by --yes with a backup, and then gone', async () => {
    const { home, ctx } = given(
      '{ auth: { profiles: { "anthropic:claude-cli": { provider: "anthropic", mode: "token" } } }, agent: { model: "openai/gpt-5.2" } }',
    );
    home.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:claude-cli': { type: 'token', provider: 'anthropic', token: fixtureSecret.opaque() },
      },
    });
    const { first } = await expectRepairCycle(home, ctx, 'config.migration');
    const f = first.findings.find((x) => x.id === 'config.migration');
    expect(f?.message).toContain('auth.anthropic-claude-cli-mode-oauth');
    expect(f?.message).toContain('agent.defaults-v2');
    const text = home.read(CONFIG);
    expect(text).toContain('oauth');
    expect(text).not.toMatch(/"agent"\s*:/);
    expect(fs.existsSync(`${home.path(CONFIG)}.bak`)).toBe(true);
  });

  test('a clean config reports nothing in the config section', async () => {
    const { ctx } = given('{ agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5" } } } }');
    const r = await doctor(ctx());
    expect(ids(r).filter((i) => i.startsWith('config.'))).toEqual([]);
  });
});
