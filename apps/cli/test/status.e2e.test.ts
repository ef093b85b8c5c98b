import fs from 'node:fs';
import path from 'node:path';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { CONFIG, claudeCreds, cli, DAY, HOUR, home, readStoreFile, STORE } from './helpers.js';

const schema = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', 'schemas', 'models-status.schema.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, checked against the schema
function json(stdout: string): Record<string, any> {
  const doc = JSON.parse(stdout);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  return doc;
}
// The fast path (bin/run.cjs without oclif) and the oclif command are two ways into one command:
// every status test runs on both, so a break on either (say --check exiting 0) fails here.
describe.each([
  ['fast path', {}],
  ['oclif path', { CLAWDBOT_NO_FAST_PATH: '1' }],
] as const)('models status (%s)', (_path, pathEnv) => {
  const run = (h: Parameters<typeof cli>[0], args: string[], opts: Parameters<typeof cli>[2] = {}) =>
    cli(h, args, { ...opts, env: { ...pathEnv, ...opts.env } });

  test.concurrent(
    'empty HOME: upstream layout, anthropic missing with our fix command, --check exits 1, nothing written',
    async () => {
      const h = home();
      const r = await run(h, ['models', 'status']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        'Config        : ~/.clawdbot/clawdbot.json\nAgent dir     : ~/.clawdbot/agents/main/agent\n',
      );
      expect(r.stdout).toContain(
        'Missing auth\n- anthropic Run `clawdbot models auth login --provider anthropic` or set ANTHROPIC_API_KEY.',
      );
      expect(r.stdout).toContain('OAuth/token status\n- none');
      expect((await run(h, ['models', 'status', '--check'])).code).toBe(1);
      const j = await run(h, ['models', 'status', '--check', '--json']);
      expect(j.code).toBe(1);
      expect(json(j.stdout).auth.missingProvidersInUse).toEqual(['anthropic']);
      expect(h.listFiles()).toEqual([]);
    },
  );

  test.concurrent(
    '--plain prints the resolved default model; --status-json is the alias of --json',
    async () => {
      const h = home();
      h.write(
        CONFIG,
        '{ agents: { defaults: { model: { primary: "opus" }, models: { "anthropic/claude-opus-4-5": { alias: "opus" } } } } }',
      );
      expect((await run(h, ['models', 'status', '--plain'])).stdout).toBe('anthropic/claude-opus-4-5\n');
      const doc = json((await run(h, ['models', '--status-json'])).stdout);
      expect(doc.defaultModel).toBe('opus');
      expect(doc.resolvedDefault).toBe('anthropic/claude-opus-4-5');
    },
  );

  test.concurrent.each([
    ['process env', { env: true }, '(process env)', 'process'],
    ['~/.clawdbot/.env', { stateDotenv: true }, '(~/.clawdbot/.env)', 'state-dotenv'],
    ['cwd .env', { cwdDotenv: true }, '(~/proj/.env)', 'cwd-dotenv'],
  ])(
    'an ANTHROPIC_API_KEY from %s is named with its origin and never printed',
    async (_n, where, label, kind) => {
      const h = home();
      const key = fixtureSecret.anthropicApiKey();
      const env: Record<string, string> = {};
      if ('env' in where) env.ANTHROPIC_API_KEY = key;
      if ('stateDotenv' in where) h.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${key}\n`);
      if ('cwdDotenv' in where) h.write('proj/.env', `ANTHROPIC_API_KEY=${key}\n`);
      const cwd = h.path('proj');
      fs.mkdirSync(cwd, { recursive: true });
      const r = await run(h, ['models', 'status', '--check'], { env, cwd });
      expect(r.code).toBe(0);
      const line = r.stdout.split('\n').find((l) => l.startsWith('- anthropic effective=env:'));
      expect(line).toMatch(
        /^- anthropic effective=env:sk-ant-api03…#[0-9a-f]{8} \| env=sk-ant-api03…#[0-9a-f]{8} \| source=env: ANTHROPIC_API_KEY/,
      );
      if (kind !== 'process') expect(line).toContain(label);
      const doc = json((await run(h, ['models', 'status', '--json'], { env, cwd })).stdout);
      expect(doc.auth.providers[0].env.origin.kind).toBe(kind);
      expect(doc.auth.providers[0].env.source).toBe('env: ANTHROPIC_API_KEY');
    },
  );

  test.concurrent(
    'Claude Code OAuth that expired but can refresh: "refreshable", --check 0, synced into the store (log on stderr)',
    async () => {
      const h = home();
      const access = fixtureSecret.anthropicOAuthAccess();
      const refresh = fixtureSecret.anthropicOAuthRefresh();
      h.write('.claude/.credentials.json', claudeCreds(access, Date.now() - 2 * HOUR, refresh));
      const r = await run(h, ['models', 'status', '--check']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /anthropic:claude-cli refreshable \(access token expired 2h ago; refreshes on next use\) \(claude-cli\)/,
      );
      expect(r.stderr).toContain('synced anthropic credentials from claude cli');
      expect(r.stdout).not.toContain('synced');
      expect(readStoreFile(h).profiles['anthropic:claude-cli']?.type).toBe('oauth');
      const doc = json((await run(h, ['models', 'status', '--json'])).stdout);
      expect(doc.auth.oauth.profiles[0]).toMatchObject({
        status: 'refreshable',
        refreshable: true,
        dead: false,
        source: 'claude-cli',
      });
    },
  );

  test.concurrent.each([
    ['setup-token valid 300 days', 300 * DAY, 0, /anthropic:claude-cli ok expires in 300d \(claude-cli\)/],
    [
      'setup-token expiring in 2 hours',
      2 * HOUR,
      2,
      /anthropic:claude-cli expiring expires in 2h \(claude-cli\)/,
    ],
    ['setup-token expired', -2 * DAY, 1, /anthropic:claude-cli expired expires in 0m \(claude-cli\)/],
  ])('Claude Code %s: --check exit %i', async (_n, delta, code, line) => {
    const h = home();
    h.write(
      '.claude/.credentials.json',
      claudeCreds(fixtureSecret.anthropicOAuthAccess(), Date.now() + delta),
    );
    const r = await run(h, ['models', 'status', '--check']);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(line);
    expect(r.stdout).toMatch(/anthropic:claude-cli=token:sk-ant-oat01…#[0-9a-f]{8}/);
    const j = await run(h, ['models', 'status', '--check', '--json']);
    expect(j.code).toBe(code);
    expect(json(j.stdout).check).toBe(code);
  });

  test.concurrent(
    'an unusable Claude Code file is named with the reason (ours) and nothing is imported',
    async () => {
      const h = home();
      h.write('.claude/.credentials.json', {
        claudeAiOauth: { accessToken: fixtureSecret.anthropicOAuthAccess(), expiresAt: 'soon' },
      });
      const r = await run(h, ['models', 'status']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/- ~\/\.claude\/\.credentials\.json: .*expiresAt/);
      expect(h.exists(STORE)).toBe(false);
    },
  );

  test.concurrent(
    'a corrupt store is an error naming the file, exit 1, and the file is left as it was',
    async () => {
      const h = home();
      h.write(STORE, '{ "version": 1, "profiles": { oops');
      const r = await run(h, ['models', 'status']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^Error: .*auth-profiles\.json/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(h.read(STORE)).toBe('{ "version": 1, "profiles": { oops');
      const j = await run(h, ['models', 'status', '--json']);
      expect(j.code).toBe(1);
      expect(JSON.parse(j.stdout).error).toMatchObject({ code: 'STORE_PARSE_FAILED' });
    },
  );

  test.concurrent(
    'a legacy config (top-level agent.model) is read through the migration, the file untouched',
    async () => {
      const h = home();
      const legacy = '{ "agent": { "model": "openai/gpt-5.2" } }\n';
      h.write(CONFIG, legacy);
      const r = await run(h, ['models', 'status', '--json'], {
        env: { OPENAI_API_KEY: fixtureSecret.openaiApiKey() },
      });
      expect(r.code).toBe(0);
      const doc = json(r.stdout);
      expect(doc.resolvedDefault).toBe('openai/gpt-5.2');
      expect(doc.auth.missingProvidersInUse).toEqual([]);
      expect(h.read(CONFIG)).toBe(legacy);
    },
  );

  test.concurrent(
    'a config models.providers.<p>.apiKey (with a $VAR reference) counts as a credential, shown redacted with its source',
    async () => {
      const h = home();
      const key = fixtureSecret.openaiApiKey();
      const REF = '$' + '{MY_OPENAI}'; // the config's variable reference, written literally
      h.write(
        CONFIG,
        `{ agents: { defaults: { model: { primary: "openai/gpt-5.2" } } }, models: { providers: { openai: { apiKey: "${REF}" } } } }`,
      );
      const r = await run(h, ['models', 'status', '--check'], { env: { MY_OPENAI: key } });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /- openai effective=models\.json:sk-proj…#[0-9a-f]{8} \| models\.json=sk-proj…#[0-9a-f]{8} \| source=config: ~\/\.clawdbot\/clawdbot\.json \(models\.providers\.openai\.apiKey\)/,
      );
      const doc = json((await run(h, ['models', 'status', '--json'], { env: { MY_OPENAI: key } })).stdout);
      expect(doc.auth.providers[0].modelsJson.source).toContain('models.providers.openai.apiKey');
    },
  );

  test.concurrent(
    'cooldowns are listed under their own heading with the command that clears them',
    async () => {
      const h = home();
      const now = Date.now();
      h.write(STORE, {
        version: 1,
        profiles: {
          'anthropic:work': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
        },
        usageStats: {
          'anthropic:work': { cooldownUntil: now + 10 * 60_000, errorCount: 1, lastFailureAt: now },
        },
      });
      const r = await run(h, ['models', 'status']);
      expect(r.stdout).toMatch(
        /Unusable profiles\n- anthropic:work cooldown for 10m: run clawdbot models auth cooldown clear --profile-id anthropic:work/,
      );
      const j = await run(h, ['models', 'status', '--json']);
      if (!j.stdout) console.log(j.code, j.stderr);
      const doc = json(j.stdout);
      expect(doc.auth.unusableProfiles[0]).toMatchObject({ profileId: 'anthropic:work', kind: 'cooldown' });
    },
  );
});

test('a Claude Code sync is said once, on stderr, and not again when nothing changed', async () => {
  const h = home();
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  h.write('.claude/.credentials.json', claudeCreds(access, Date.now() + 10 * DAY, refresh));
  const first = await cli(h, ['models', 'status'], { secrets: [access, refresh] });
  expect(first.code).toBe(0);
  expect(first.stderr).toBe('synced anthropic credentials from claude cli\n');
  expect(first.stdout).not.toContain('synced');
  const again = await cli(h, ['models', 'status'], { secrets: [access, refresh] });
  expect(again.stderr).toBe('');
});
