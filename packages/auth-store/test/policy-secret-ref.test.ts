import { describe, expect, test } from 'vitest';
import { type AuthStore, type Credential, resolveCandidates, secretLocation } from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1);
const refKey = (extra: Partial<Credential> = {}): Credential =>
  ({
    type: 'api_key',
    provider: 'anthropic',
    keyRef: { source: 'exec', provider: 'vault', id: 'ai/anthropic' },
    clawdbot: { fingerprint: '0a1b2c3d' },
    ...extra,
  }) as Credential;

function resolve(profiles: Record<string, Credential>, unresolvedRefs?: Map<string, string>) {
  const store = { version: 1, profiles } as AuthStore;
  return resolveCandidates({ provider: 'anthropic', store, config: {}, now: NOW, unresolvedRefs }).candidates;
}

describe('keyRef / tokenRef in the resolver (nothing resolved here)', () => {
  test('a ref-held key is usable, located at ref:<provider>, with the stored fingerprint', () => {
    expect(resolve({ 'anthropic:work': refKey() })[0]).toMatchObject({
      id: 'anthropic:work',
      usable: true,
      location: 'ref:vault',
      fingerprint: '0a1b2c3d',
    });
  });

  test('an unresolved ref is unusable with reason unresolved_ref and the cause; the next key goes first', () => {
    const inline: Credential = {
      type: 'api_key',
      provider: 'anthropic',
      key: 'sk-ant-api03-inline-key-1234',
    };
    const out = resolve(
      { 'anthropic:work': refKey(), 'anthropic:spare': inline },
      new Map([['anthropic:work', 'exec provider "vault": timed out after 10 s']]),
    );
    expect(out.map((c) => [c.id, c.usable, c.reason, c.location])).toEqual([
      ['anthropic:spare', true, undefined, 'file'],
      ['anthropic:work', false, 'unresolved_ref', 'ref:vault'],
    ]);
    expect(out[1]?.refProblem).toBe('exec provider "vault": timed out after 10 s');
  });

  test('a ref wins over an inline key; a token keeps its expiry with a tokenRef', () => {
    expect(secretLocation(refKey({ key: 'sk-ant-api03-stale-inline' } as Partial<Credential>))).toBe(
      'ref:vault',
    );
    const expired = resolve({
      'anthropic:t': {
        type: 'token',
        provider: 'anthropic',
        tokenRef: { source: 'env', id: 'TOK' },
        expires: NOW - 1,
      },
    });
    expect(expired[0]).toMatchObject({ usable: false, reason: 'expired', location: 'ref:default' });
  });

  test('neither key nor keyRef: empty', () => {
    expect(resolve({ 'anthropic:none': { type: 'api_key', provider: 'anthropic' } })[0]).toMatchObject({
      usable: false,
      reason: 'empty',
    });
  });
});
