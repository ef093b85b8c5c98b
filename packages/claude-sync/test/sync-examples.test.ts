import fs from 'node:fs';
import path from 'node:path';
import { upstreamExamplesDir } from '@clawdbot-auth/testkit';
import { afterEach, describe, expect, test } from 'vitest';
import { syncExternalCredentials } from '../src/index.js';
import { type Fixture, STORE_REL, setup } from './helpers.js';

/** Recorded upstream runs (spec/examples/03*): setup files, clock, what step 1 wrote. */
const EXAMPLES = upstreamExamplesDir();

interface Scenario {
  setup_files: Record<string, { mode?: string; text: string }>;
  steps: { now_ms: number; expected: { files_created: string[]; files_changed: string[] } }[];
}

function load(name: string): Scenario {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, 'scenario.json'), 'utf8')) as Scenario;
}

function expectedStore(name: string): { profiles: Record<string, Record<string, unknown>> } | undefined {
  const p = path.join(EXAMPLES, name, 'expected/step01/files/home', STORE_REL);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : undefined;
}

let fx: Fixture | undefined;
afterEach(() => fx?.h.cleanup());

async function run(name: string) {
  const sc = load(name);
  fx = setup({}, sc.steps[0]?.now_ms);
  for (const [rel, f] of Object.entries(sc.setup_files))
    fx.h.write(rel, f.text, Number.parseInt(f.mode ?? '600', 8));
  const before = fx.h.exists(STORE_REL) ? fx.h.read(STORE_REL) : undefined;
  const result = await syncExternalCredentials(fx.ctx, 'main');
  return { fx, sc, before, result };
}

// Examples where upstream imported and so do we (same profile written).
const IMPORTS = [
  '03a-claude-cli-10d',
  '03b-claude-cli-2h',
  '03c-claude-cli-expired',
  '03d-claude-cli-no-refresh',
  '03e-claude-cli-json-first',
  '03g1-claude-cli-23h50m',
  '03g2-claude-cli-24h10m',
  '03g3-claude-cli-90s',
  '03g4-claude-cli-36h',
  '03g5-claude-cli-47h',
  '03h-claude-cli-expired-no-refresh',
  '03q-claude-cli-sync-near-expiry',
  '03t-claude-cli-token-upgrade',
  '03u-claude-cli-expired-stored-expired-cc',
];

describe('Claude Code sync matches the recorded upstream runs', () => {
  test.each(IMPORTS)('%s: writes anthropic:claude-cli exactly as upstream did', async (name) => {
    const { fx, result } = await run(name);
    expect(result.changed).toEqual(['anthropic:claude-cli']);
    expect(result.problems).toEqual([]);
    expect(fx.storeJson()?.profiles).toEqual(expectedStore(name)?.profiles);
    expect(fx.logs).toEqual(['synced anthropic credentials from claude cli']);
    // a second load in the same process writes nothing
    const again = await syncExternalCredentials(fx.ctx, 'main', { force: true });
    expect(again.changed).toEqual([]);
  });

  test.each(['03r-claude-cli-sync-stored-fresh', '03s-claude-cli-no-downgrade'])(
    '%s: leaves the stored profile untouched, byte for byte',
    async (name) => {
      const { fx, before, result } = await run(name);
      expect(result.changed).toEqual([]);
      expect(fx.h.read(STORE_REL)).toBe(before);
      expect(fx.logs).toEqual([]);
    },
  );
});

describe('03m: expiresAt in seconds (upstream stored it as ms: "expired" in 1970)', () => {
  test('is read as seconds: imported with the expiry in ms, one warning naming the file, then quiet', async () => {
    const { fx, sc, result } = await run('03m-malformed-expiresAt-seconds');
    const seconds = JSON.parse(sc.setup_files['.claude/.credentials.json']!.text).claudeAiOauth.expiresAt;
    expect(result.changed).toEqual(['anthropic:claude-cli']);
    expect(result.problems).toEqual([]);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']).toMatchObject({
      type: 'oauth',
      expires: seconds * 1000,
    });
    expect(fx.logs).toEqual([
      `warning: ~/.claude/.credentials.json: claudeAiOauth.expiresAt is in seconds, not milliseconds: read as ${new Date(seconds * 1000).toISOString()}`,
      'synced anthropic credentials from claude cli',
    ]);
    const again = await syncExternalCredentials(fx.ctx, 'main', { force: true });
    expect(again.changed).toEqual([]);
    expect(fx.logs).toHaveLength(2);
  });
});

describe('unusable Claude Code files are reported with the path and ignored', () => {
  test.each([
    [
      '03i-malformed-invalid-json',
      /^~\/\.claude\/\.credentials\.json: not valid JSON \(line 1, column \d+\)$/,
    ],
    ['03j-malformed-no-claudeAiOauth', '~/.claude/.credentials.json: claudeAiOauth is missing'],
    ['03k-malformed-no-accessToken', '~/.claude/.credentials.json: claudeAiOauth.accessToken is missing'],
    ['03l-malformed-no-expiresAt', '~/.claude/.credentials.json: claudeAiOauth.expiresAt is missing'],
    [
      '03n-malformed-expiresAt-string',
      '~/.claude/.credentials.json: claudeAiOauth.expiresAt is not a number',
    ],
    ['03o-malformed-empty-file', '~/.claude/.credentials.json: file is empty'],
    ['03p-malformed-empty-accessToken', '~/.claude/.credentials.json: claudeAiOauth.accessToken is empty'],
  ])('%s', async (name, message) => {
    const { fx, result } = await run(name);
    expect(result.changed).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.path).toBe(fx.h.path('.claude/.credentials.json'));
    expect(result.problems[0]?.message).toMatch(message);
    expect(result.problems[0]?.message).not.toMatch(/sk-ant-o(at|rt)01-CC/);
    expect(fx.h.exists(STORE_REL)).toBe(false);
  });
});

describe('Codex CLI sync (03v)', () => {
  test('imports openai-codex:codex-cli with the account id; expiry falls back to mtime + 1 h', async () => {
    const { fx, result } = await run('03v-codex-cli');
    expect(result.changed).toEqual(['openai-codex:codex-cli']);
    const want = expectedStore('03v-codex-cli')?.profiles['openai-codex:codex-cli'];
    const got = fx.storeJson()?.profiles['openai-codex:codex-cli'];
    const mtime = fs.statSync(fx.h.path('.codex/auth.json')).mtimeMs;
    expect({ ...got, expires: 0 }).toEqual({ ...want, expires: 0 });
    expect(got?.expires).toBe(mtime + 3_600_000);
    expect(fx.logs).toEqual(['synced openai-codex credentials from codex cli']);
  });
});
