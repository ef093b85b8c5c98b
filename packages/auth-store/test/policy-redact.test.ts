import { createHash } from 'node:crypto';
import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import {
  type Credential,
  fingerprint,
  publicPrefix,
  redactCredential,
  redactSecret,
  redactText,
  sha256Hex,
} from '../src/index.js';

/** Every 12-character window of the secret, except a known public prefix shown on purpose. */
function leakedWindows(output: string, secret: string): string[] {
  const shown = publicPrefix(secret);
  const out: string[] = [];
  for (let i = 0; i + 12 <= secret.length; i++) {
    const window = secret.slice(i, i + 12);
    if (i === 0 && window === shown) continue;
    if (output.includes(window)) out.push(window);
  }
  return out;
}

const SECRETS: [string, string, string][] = [
  ['anthropic api key', fixtureSecret.anthropicApiKey(), 'sk-ant-api03'],
  ['anthropic oauth access', fixtureSecret.anthropicOAuthAccess(), 'sk-ant-oat01'],
  ['anthropic oauth refresh', fixtureSecret.anthropicOAuthRefresh(), 'sk-ant-ort01'],
  ['openai project key', fixtureSecret.openaiApiKey(), 'sk-proj'],
  ['openrouter key', fixtureSecret.openrouterApiKey(), 'sk-or-v1'],
  ['opaque token', fixtureSecret.opaque(), ''],
  [
    'upstream fixture key',
    'sk-ant-api03-ORDERKEY1-1111111111111111111111111111111111111111-k001',
    'sk-ant-api03',
  ],
  ['legacy sk- key', 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD', 'sk'],
  ['codex jwt', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTEyMzQ1In0.c2lnbmF0dXJlLXZhbHVl', ''],
  ['github token', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB', 'ghp'],
  ['hex blob', 'a3f9c0e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2', ''],
];

describe('fingerprint', () => {
  test.each(SECRETS)('%s: first 8 hex of sha256', (_name, secret) => {
    expect(fingerprint(secret)).toBe(createHash('sha256').update(secret).digest('hex').slice(0, 8));
    expect(fingerprint(secret)).toMatch(/^[0-9a-f]{8}$/);
  });

  // fingerprints and lock keys written by earlier versions (journal records, lock files) must
  // still match: the hash without node:crypto is the same SHA-256 over the same UTF-8 bytes
  test.each([
    ['empty', ''],
    ['ascii', 'sk-ant-api03-abc'],
    ['non-ASCII and astral', 'clé-ü€𝄞'],
    ['a lone surrogate (node and the encoder both write U+FFFD)', 'a\ud800b'],
    ['two blocks and more', 'x'.repeat(1000)],
  ])('sha256Hex of %s equals node:crypto', (_name, text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('redactSecret', () => {
  test.each(SECRETS)('%s: known prefix, fingerprint, nothing else', (_name, secret, prefix) => {
    const shown = redactSecret(secret);
    expect(shown).toBe(`${prefix}…#${fingerprint(secret)}`);
    expect(leakedWindows(shown, secret)).toEqual([]);
  });

  test('a prefix is shown only when at least 8 more characters stay hidden', () => {
    expect(redactSecret('sk-ant-api03-x')).toBe(`sk…#${fingerprint('sk-ant-api03-x')}`);
    expect(redactSecret('sk-short')).toBe(`…#${fingerprint('sk-short')}`);
    expect(redactSecret('')).toBe('(empty)');
  });
});

describe('redactText', () => {
  test.each(SECRETS)('%s: known secret inside log text, JSON and errors', (_name, secret) => {
    const text = [
      `error: request failed with Authorization: Bearer ${secret} (retrying)`,
      JSON.stringify({ profile: 'anthropic:work', key: secret }),
      `${secret}\n${secret}`,
    ].join('\n');
    const out = redactText(text, [secret]);
    expect(leakedWindows(out, secret)).toEqual([]);
    expect(out).toContain(redactSecret(secret));
    expect(out).toContain('anthropic:work');
  });

  test.each(SECRETS.filter(([name]) => name !== 'opaque token'))(
    '%s: caught by the pattern net without being known',
    (_name, secret) => {
      const out = redactText(`leaked: ${secret}.`);
      expect(leakedWindows(out, secret)).toEqual([]);
    },
  );

  test.each([
    'anthropic:claude-cli ok expires in 10d (claude-cli)',
    'Auth store    : ~/.clawdbot/agents/main/agent/auth-profiles.json',
    'run: clawdbot models auth login --provider anthropic',
    'source=env: ANTHROPIC_API_KEY (~/.clawdbot/.env)',
    `sk-ant-api03…#${fingerprint('x')}`,
  ])('ordinary text stays as it is: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactCredential', () => {
  const access = fixtureSecret.anthropicOAuthAccess();
  const refresh = fixtureSecret.anthropicOAuthRefresh();
  const key = fixtureSecret.anthropicApiKey();
  test.each<[string, Credential, string[], Record<string, unknown>]>([
    [
      'api_key',
      { type: 'api_key', provider: 'anthropic', key, email: 'me@example.com' },
      [key],
      { type: 'api_key', email: 'me@example.com', fingerprint: fingerprint(key) },
    ],
    [
      'token',
      { type: 'token', provider: 'anthropic', token: access, expires: 123 },
      [access],
      { type: 'token', expires: 123, redacted: redactSecret(access) },
    ],
    [
      'oauth with unknown extra secret-like fields',
      {
        type: 'oauth',
        provider: 'anthropic',
        access,
        refresh,
        expires: 456,
        accountId: 'acct-1',
        idToken: access,
      } as Credential,
      [access, refresh],
      {
        type: 'oauth',
        expires: 456,
        accountId: 'acct-1',
        fingerprint: fingerprint(access),
        refreshFingerprint: fingerprint(refresh),
      },
    ],
  ])('%s: display-safe', (_name, cred, secrets, expected) => {
    const shown = redactCredential(cred);
    expect(shown).toMatchObject({ provider: 'anthropic', ...expected });
    const json = JSON.stringify(shown);
    for (const secret of secrets) expect(leakedWindows(json, secret)).toEqual([]);
  });
});

describe('redactText keeps real paths whole (isPath)', () => {
  const dir = '/srv/state-0123456789abcdef0123456789abcdef01234567';
  const isPath = (p: string) => p.startsWith(dir);

  test('a path whose directory name looks random stays runnable; without isPath it is hashed', () => {
    const text = `chmod 0600 ${dir}/auth-profiles.json.`;
    expect(redactText(text, [], { isPath })).toBe(text);
    expect(redactText(text)).not.toContain(dir);
  });

  test('a secret beside a kept path, or a path-looking run that is not real, is still redacted', () => {
    const key = fixtureSecret.openaiApiKey();
    const fake = `/${'a1'.repeat(20)}`;
    const out = redactText(`${dir}/x: key=${key} at ${fake}`, [], { isPath });
    expect(out).toContain(`${dir}/x:`);
    expect(leakedWindows(out, key)).toEqual([]);
    expect(out).not.toContain(fake);
  });

  test('a kept path never carries a known secret', () => {
    const key = fixtureSecret.anthropicApiKey();
    const out = redactText(`${dir}/${key}`, [key], { isPath: () => true });
    expect(leakedWindows(out, key)).toEqual([]);
  });
});
