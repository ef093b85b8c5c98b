import fs from 'node:fs';
import path from 'node:path';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, cli, home, STORE } from './helpers.js';

const COMMANDS = [
  ['models', 'status'],
  ['models', 'status', '--check'],
  ['models', 'auth', 'list'],
  ['models', 'auth', 'order', 'get', '--provider', 'anthropic'],
  ['models', 'auth', 'order', 'set', '--provider', 'anthropic', 'anthropic:x'],
  ['models', 'auth', 'order', 'clear', '--provider', 'anthropic'],
  ['models', 'auth', 'remove', '--profile-id', 'anthropic:x'],
  ['models', 'auth', 'refresh'],
  ['models', 'auth', 'cooldown', 'clear', '--provider', 'anthropic'],
  ['models', 'auth', 'paste-token', '--provider', 'anthropic'],
];

/** A corrupt file is named with its position (path with ~), exit 1, and never overwritten. */
describe.concurrent('corrupt files on every command', () => {
  test.each(COMMANDS.map((a) => a.join(' ')))('corrupt config: %s', async (cmd) => {
    const args = cmd.split(' ');
    const h = home();
    const broken = '{\n  "auth": {,\n}';
    h.write(CONFIG, broken);
    const r = await cli(h, args, { stdin: `${fixtureSecret.anthropicOAuthAccess()}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("Error: ~/.clawdbot/clawdbot.json:2:12: invalid character ','");
    expect(fs.readFileSync(path.join(h.home, CONFIG), 'utf8')).toBe(broken);
    expect(r.stdout).toBe('');
  });

  test.each(COMMANDS.map((a) => a.join(' ')))('corrupt store: %s', async (cmd) => {
    const args = cmd.split(' ');
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const broken = `{"version":1,"profiles":{"anthropic:x":{"type":"api_key","provider":"anthropic","key":"${key}"}}`;
    h.write(STORE, broken);
    const r = await cli(h, args, { stdin: `${fixtureSecret.anthropicOAuthAccess()}\n`, secrets: [key] });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^Error: ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json:1:\d+: not valid JSON/,
    );
    expect(fs.readFileSync(path.join(h.home, STORE), 'utf8')).toBe(broken);
  });

  test('corrupt store with --json: one JSON error document naming the file (absolute, as JSON paths are)', async () => {
    const h = home();
    h.write(STORE, '{"version":1,');
    const r = await cli(h, ['models', 'auth', 'list', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('STORE_PARSE_FAILED');
    expect(doc.error.message.startsWith(`${h.home}/.clawdbot/agents/main/agent/auth-profiles.json:1:`)).toBe(
      true,
    );
    expect(r.stderr.split('\n')[0]).toMatch(
      /^Error: ~\/\.clawdbot\/agents\/main\/agent\/auth-profiles\.json:1:\d+/,
    );
  });

  test('an unreadable Claude Code file is named in status, the rest still works', async () => {
    const h = home();
    fs.mkdirSync(path.join(h.home, '.claude/.credentials.json'), { recursive: true });
    const r = await cli(h, ['models', 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- ~/.claude/.credentials.json: cannot be read (EISDIR)');
  });

  test('refresh with no OAuth profile says so in one sentence, with the login to run', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'refresh', '--provider', 'anthropic']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: No OAuth profile of anthropic to refresh in ~/.clawdbot/agents/main/agent/auth-profiles.json.\nRun: clawdbot models auth login --provider anthropic\n',
    );
    expect(h.listFiles()).toEqual([]);
  });
});

test('a bad .env line is a warning on stderr naming the file with ~ and the line; --json stdout stays JSON', async () => {
  const h = home();
  h.write('.clawdbot/.env', 'this is not valid\n');
  const r = await cli(h, ['models', 'status', '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).configPath).toBe(`${h.home}/.clawdbot/clawdbot.json`);
  expect(r.stderr).toMatch(/^warning: ~\/\.clawdbot\/\.env:1: /m);
  expect(r.stderr).not.toContain(h.home);
});
