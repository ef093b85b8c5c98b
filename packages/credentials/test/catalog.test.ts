import { describe, expect, test } from 'vitest';
import {
  classifyHttpFailure,
  isSyncedProfileId,
  PROVIDERS,
  providerEntry,
  recoveryFor,
  recoveryLine,
} from '../src/index.js';

describe('provider catalog', () => {
  test('aliases, env variables in order, synced ids and endpoints come from one row', () => {
    expect(providerEntry('Z.AI').id).toBe('zai');
    expect(providerEntry('anthropic').envVars).toEqual(['ANTHROPIC_OAUTH_TOKEN', 'ANTHROPIC_API_KEY']);
    expect(providerEntry('anthropic').keyVar).toBe('ANTHROPIC_API_KEY');
    expect(providerEntry('anthropic').synced?.profileId).toBe('anthropic:claude-cli');
    expect(providerEntry('openai-codex').synced?.profileId).toBe('openai-codex:codex-cli');
    expect(providerEntry('openai').endpoint?.api).toBe('openai-completions');
    expect(providerEntry('some-new-one').keyVar).toBe('SOME_NEW_ONE_API_KEY');
    expect(PROVIDERS.map((p) => p.id)).toContain('github-copilot');
    expect(isSyncedProfileId('anthropic:claude-cli')).toBe(true);
    expect(isSyncedProfileId('anthropic:manual')).toBe(false);
  });

  test.each([
    [401, '', 'auth'],
    [403, '', 'auth'],
    [402, '', 'billing'],
    [400, '{"error":{"message":"Your credit balance is too low"}}', 'billing'],
    [429, '', 'rate_limit'],
    [529, '', 'rate_limit'],
    [500, '{"error":{"message":"Overloaded"}}', 'rate_limit'],
    [408, '', 'timeout'],
    [504, '', 'timeout'],
    [undefined, '', 'timeout'],
    [404, '', 'format'],
    [500, '', 'unknown'],
    [400, 'This credential is only authorized for use with Claude Code', 'claude_code_only'],
  ])('HTTP %s %s is %s', (status, body, kind) => {
    expect(classifyHttpFailure(status, body)).toBe(kind);
  });
});

describe('recovery', () => {
  test('a dead Claude Code login has one recovery, wherever it is asked for', () => {
    const r = recoveryFor({
      kind: 'refresh_dead',
      provider: 'anthropic',
      profileId: 'anthropic:claude-cli',
      type: 'oauth',
    });
    expect(r.run).toEqual(['clawdbot models auth setup-token --provider anthropic']);
    expect(r.why).toContain('anthropic:claude-cli');
  });

  test('a missing provider: login where we have one, else paste-token, and the variable', () => {
    expect(recoveryLine(recoveryFor({ kind: 'missing_credential', provider: 'anthropic' }))).toBe(
      'Run `clawdbot models auth login --provider anthropic` or set ANTHROPIC_API_KEY.',
    );
    expect(recoveryLine(recoveryFor({ kind: 'missing_credential', provider: 'openai' }))).toBe(
      'Run `clawdbot models auth paste-token --provider openai` or set OPENAI_API_KEY.',
    );
  });
});
