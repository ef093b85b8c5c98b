import { describe, expect, test } from 'vitest';
import { API_KEY_FLAGS, AUTH_CHOICES, apiKeyVars, authChoiceOf } from '../src/index.js';

// The values of upstream's `clawdbot onboard --help` (2026.1.24-3), in its order.
const UPSTREAM =
  'setup-token|claude-cli|token|chutes|openai-codex|openai-api-key|openrouter-api-key|ai-gateway-api-key|moonshot-api-key|kimi-code-api-key|synthetic-api-key|codex-cli|gemini-api-key|zai-api-key|apiKey|minimax-api|minimax-api-lightning|opencode-zen|skip';

describe('onboard auth choices', () => {
  test('every upstream --auth-choice value is known, in upstream order', () => {
    expect(AUTH_CHOICES.map((c) => c.id).join('|')).toBe(UPSTREAM);
  });

  // Profile ids and variables as upstream's non-interactive onboard writes and reads them.
  test.each([
    ['apiKey', 'anthropic:default', 'anthropic-api-key', ['ANTHROPIC_API_KEY']],
    ['openai-api-key', 'openai:default', 'openai-api-key', ['OPENAI_API_KEY']],
    ['openrouter-api-key', 'openrouter:default', 'openrouter-api-key', ['OPENROUTER_API_KEY']],
    ['ai-gateway-api-key', 'vercel-ai-gateway:default', 'ai-gateway-api-key', ['AI_GATEWAY_API_KEY']],
    ['moonshot-api-key', 'moonshot:default', 'moonshot-api-key', ['MOONSHOT_API_KEY']],
    ['kimi-code-api-key', 'kimi-code:default', 'kimi-code-api-key', ['KIMICODE_API_KEY']],
    ['synthetic-api-key', 'synthetic:default', 'synthetic-api-key', ['SYNTHETIC_API_KEY']],
    ['gemini-api-key', 'google:default', 'gemini-api-key', ['GEMINI_API_KEY']],
    ['zai-api-key', 'zai:default', 'zai-api-key', ['ZAI_API_KEY', 'Z_AI_API_KEY']],
    ['minimax-api', 'minimax:default', 'minimax-api-key', ['MINIMAX_API_KEY']],
    ['minimax-api-lightning', 'minimax:default', 'minimax-api-key', ['MINIMAX_API_KEY']],
    [
      'opencode-zen',
      'opencode:default',
      'opencode-zen-api-key',
      ['OPENCODE_API_KEY', 'OPENCODE_ZEN_API_KEY'],
    ],
  ])('%s stores %s from --%s or %j', (choice, profileId, flag, vars) => {
    const c = authChoiceOf(choice);
    expect(c).toMatchObject({ kind: 'api_key', profileId, keyFlag: flag });
    expect(apiKeyVars(c!.provider!)).toEqual(vars);
  });

  test('logins, syncs, aliases and unknown values', () => {
    expect(authChoiceOf('claude-cli')).toMatchObject({ kind: 'sync', profileId: 'anthropic:claude-cli' });
    expect(authChoiceOf('codex-cli')).toMatchObject({ kind: 'sync', profileId: 'openai-codex:codex-cli' });
    expect(authChoiceOf('openai-codex')).toMatchObject({ kind: 'login', provider: 'openai-codex' });
    expect(authChoiceOf('chutes')).toMatchObject({ kind: 'login', provider: 'chutes' });
    expect(authChoiceOf('oauth')?.id).toBe('setup-token');
    expect(authChoiceOf('minimax-cloud')?.id).toBe('minimax-api');
    expect(authChoiceOf('api-key')).toBeUndefined();
    expect(API_KEY_FLAGS.map((f) => f.flag)).toContain('minimax-api-key');
    expect(API_KEY_FLAGS.filter((f) => f.flag === 'minimax-api-key')).toHaveLength(1);
    expect(apiKeyVars('anthropic')).not.toContain('ANTHROPIC_OAUTH_TOKEN');
  });
});
