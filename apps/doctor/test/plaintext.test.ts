import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { CONFIG, doctor, given, STORE } from './helpers.js';

const finding = (r: Awaited<ReturnType<typeof doctor>>) =>
  r.findings.find((f) => f.id === 'store.plaintext-secrets');

describe('store.plaintext-secrets', () => {
  const plain = () => ({
    version: 1,
    profiles: {
      'anthropic:work': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
      'anthropic:claude-cli': {
        type: 'oauth',
        provider: 'anthropic',
        access: fixtureSecret.anthropicOAuthAccess(),
        refresh: fixtureSecret.anthropicOAuthRefresh(),
        expires: Date.UTC(2027, 0, 1),
      },
      'anthropic:me': {
        type: 'oauth',
        provider: 'anthropic',
        access: fixtureSecret.anthropicOAuthAccess(),
        refresh: fixtureSecret.anthropicOAuthRefresh(),
        expires: Date.UTC(2027, 0, 1),
      },
    },
  });

  test('a user who chose the keyring is warned, with the command that moves them', async () => {
    const { home, ctx } = given();
    home.write(STORE, plain());
    home.write(CONFIG, { auth: { secrets: { storage: 'keyring' } } });
    expect(finding(await doctor(ctx()))).toMatchObject({
      severity: 'warn',
      message:
        'anthropic:work, anthropic:me keep their secrets in plaintext in the store file although you chose the OS keyring',
      fix: 'clawdbot secrets migrate --to keyring',
    });
  });

  test('with the default file storage it is a note (info), not a warning; the Claude Code mirror is not counted', async () => {
    const { home, ctx } = given();
    home.write(STORE, plain());
    const f = finding(await doctor(ctx()));
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain('anthropic:me');
    expect(f?.message).not.toContain('anthropic:claude-cli');
  });

  test('a store whose keys are all in the keyring or behind references has no finding', async () => {
    const { home, ctx } = given();
    home.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:work': {
          type: 'api_key',
          provider: 'anthropic',
          clawdbot: {
            keyring: { service: 'clawdbot-auth', account: 'main/anthropic:work' },
            fingerprint: 'abcd1234',
          },
        },
        'openai:ci': {
          type: 'api_key',
          provider: 'openai',
          keyRef: { source: 'env', provider: 'default', id: 'CI_KEY' },
        },
      },
    });
    home.write(CONFIG, { auth: { secrets: { storage: 'keyring' } } });
    expect(finding(await doctor(ctx()))).toBeUndefined();
  });
});
