import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, DAY, expectStoredProfile, home, pasteTokenArgs, readStoreFile } from './helpers.js';

describe.concurrent('models auth paste-token', () => {
  test('reads the whole of stdin, removes line breaks, stores a token profile and config entry, prints the fingerprint', async () => {
    const h = home();
    const token = fixtureSecret.anthropicOAuthAccess();
    const wrapped = `${token.slice(0, 20)}\r\n${token.slice(20, 40)}\n  ${token.slice(40)}\n`;
    const r = await cli(h, ['models', 'auth', 'paste-token', '--provider', 'Anthropic'], { stdin: wrapped });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Updated ~\/\.clawdbot\/clawdbot\.json\nAuth profile: anthropic:manual \(anthropic\/token\)\nFingerprint: sk-ant-oat01…#[0-9a-f]{8}\n$/,
    );
    expectStoredProfile(h, 'anthropic:manual', { type: 'token', provider: 'anthropic', token });
  });

  test('pasting over a stored token says it replaced it (text and --json replaced: true)', async () => {
    const h = home();
    const [first, second] = [fixtureSecret.anthropicOAuthAccess(), fixtureSecret.anthropicOAuthAccess()];
    const paste = (token: string, json: string[] = []) =>
      cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic', ...json], { stdin: token });
    const fresh = await paste(first, ['--json']);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ profileId: 'anthropic:manual', replaced: false });
    const over = await paste(second);
    expect(over.code).toBe(0);
    expect(over.stdout).toMatch(
      /^Replaced the token stored under anthropic:manual \(fingerprint [0-9a-f]{8}\)\.$/m,
    );
    const again = JSON.parse((await paste(first, ['--json'])).stdout);
    expect(again).toMatchObject({ replaced: true, previous: { type: 'token', sameSecret: false } });
    expect(readStoreFile(h).profiles['anthropic:manual']?.token).toBe(first);
  });

  test('--profile-id and --expires-in 365d set the id and the expiry', async () => {
    const h = home();
    const before = Date.now();
    const r = await cli(
      h,
      pasteTokenArgs('anthropic', '--profile-id', 'anthropic:work', '--expires-in', '365d'),
      {
        stdin: fixtureSecret.anthropicOAuthAccess(),
      },
    );
    expect(r.code).toBe(0);
    const cred = readStoreFile(h).profiles['anthropic:work'];
    expect(cred?.expires).toBeGreaterThanOrEqual(before + 365 * DAY);
    expect(cred?.expires).toBeLessThan(before + 366 * DAY);
  });

  test.each([
    ['empty input', [], '   \n\r\n', /Error: no token given for anthropic/],
    ['an OAuth code#state', [], 'abcdef#state123', /Error: the pasted token contains "#"/],
    [
      'a token with an escape sequence in it',
      [],
      'sk-ant-oat01-abc\x1b[2Jdefghijklmnop',
      /^Error: the pasted token for anthropic contains a control character \(position 17\); nothing was saved$/m,
    ],
    [
      'a token with a non-ASCII character (a curly quote from a document)',
      [],
      'sk-ant-oat01-abc\u201cdefghijklmnop',
      /^Error: the pasted token for anthropic contains a non-ASCII character \(position 17\); nothing was saved$/m,
    ],
    [
      'a profile id of another provider',
      ['--profile-id', 'openai:wrong'],
      'TOKEN',
      /Error: --profile-id "openai:wrong" is for openai, not anthropic/,
    ],
    [
      'an invalid duration',
      ['--expires-in', 'soon'],
      'TOKEN',
      /^Error: invalid duration: soon\nUse a duration such as 30m, 12h, 365d or 1w\.$/m,
    ],
  ])('rejects %s with exit 1 and writes nothing', async (_n, extra, stdin, message) => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'paste-token', '--provider', 'anthropic', ...extra], { stdin });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(h.listFiles()).toEqual([]);
  });

  test('a missing --provider is a usage error: exit 1 (never 2), names the flag, shows the usage line', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'paste-token'], { stdin: 'x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Error: Missing required flag --provider\nUsage: clawdbot models auth paste-token .*--provider <name>/,
    );
  });

  test('the token never reaches stdout or stderr, also with --json', async () => {
    const h = home();
    const token = fixtureSecret.openrouterApiKey();
    const r = await cli(h, ['models', 'auth', 'paste-token', '--provider', 'openrouter', '--json'], {
      stdin: token,
      secrets: [token],
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profileId: 'openrouter:manual', type: 'token' });
  });
});

describe.concurrent('models auth paste-api-key', () => {
  test('reads the key from stdin and stores an api_key profile <provider>:manual with its config entry', async () => {
    const h = home();
    const key = fixtureSecret.openaiApiKey();
    const r = await cli(h, ['models', 'auth', 'paste-api-key', '--provider', 'openai'], {
      stdin: `${key}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /Auth profile: openai:manual \(openai\/api_key\)\nFingerprint: sk-[^\n]*…#[0-9a-f]{8}\n$/,
    );
    expectStoredProfile(h, 'openai:manual', { type: 'api_key', provider: 'openai', key });
  });

  test('--profile-id names it; an empty stdin is refused and nothing is written', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const args = [
      'models',
      'auth',
      'paste-api-key',
      '--provider',
      'anthropic',
      '--profile-id',
      'anthropic:work',
    ];
    const empty = await cli(h, args, { stdin: '\n' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('Error: no API key given for anthropic: the input was empty');
    expect(h.listFiles()).toEqual([]);
    expect((await cli(h, [...args, '--json'], { stdin: key })).code).toBe(0);
    expectStoredProfile(h, 'anthropic:work', { type: 'api_key', provider: 'anthropic', key });
  });
});
