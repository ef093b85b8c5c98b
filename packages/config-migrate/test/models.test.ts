import { describe, expect, test } from 'vitest';
import {
  type ClawdbotConfig,
  DEFAULT_MODEL,
  providersInUse,
  resolveAgentId,
  resolveModelSettings,
  splitModelRef,
} from '../src/index.js';

describe('splitModelRef', () => {
  test.each([
    ['anthropic/claude-opus-4-5', { provider: 'anthropic', model: 'claude-opus-4-5' }],
    ['openrouter/meta/llama-4', { provider: 'openrouter', model: 'meta/llama-4' }],
    ['OpenAI/gpt-5.2', { provider: 'openai', model: 'gpt-5.2' }],
    ['claude-sonnet-4-5', { provider: 'anthropic', model: 'claude-sonnet-4-5' }],
  ])('%s', (ref, expected) => {
    expect(splitModelRef(ref)).toEqual(expected);
  });

  test.each(['', '/model', 'openai/'])('rejects %j with MODEL_REF_INVALID', (ref) => {
    expect(() => splitModelRef(ref)).toThrow(expect.objectContaining({ code: 'MODEL_REF_INVALID' }));
  });
});

describe('resolveModelSettings', () => {
  test('no config: the default model, nothing else', () => {
    expect(resolveModelSettings({})).toEqual({
      primary: DEFAULT_MODEL,
      fallbacks: [],
      imageModel: null,
      imageFallbacks: [],
      aliases: {},
      allowed: [],
    });
    expect(DEFAULT_MODEL).toBe('anthropic/claude-opus-4-5');
  });

  const config: ClawdbotConfig = {
    agents: {
      defaults: {
        model: { primary: 'opus', fallbacks: ['openai/gpt-5.2', 'gpt'] },
        imageModel: { primary: 'google/gemini-3', fallbacks: ['openai/gpt-image-1'] },
        models: { 'anthropic/claude-opus-4-5': { alias: 'opus' }, 'openai/gpt-5.1': { alias: 'gpt' } },
      },
      list: [{ id: 'main' }, { id: 'ops', default: true, model: 'zai/glm-4.6' }],
    },
  };

  test('aliases resolve to refs; the models map is the allow-list', () => {
    expect(resolveModelSettings(config)).toEqual({
      primary: 'anthropic/claude-opus-4-5',
      fallbacks: ['openai/gpt-5.2', 'openai/gpt-5.1'],
      imageModel: 'google/gemini-3',
      imageFallbacks: ['openai/gpt-image-1'],
      aliases: { opus: 'anthropic/claude-opus-4-5', gpt: 'openai/gpt-5.1' },
      allowed: ['anthropic/claude-opus-4-5', 'openai/gpt-5.1'],
    });
  });

  test("an agent's own model overrides the primary, keeping default fallbacks", () => {
    const s = resolveModelSettings(config, 'ops');
    expect(s.primary).toBe('zai/glm-4.6');
    expect(s.fallbacks).toEqual(['openai/gpt-5.2', 'openai/gpt-5.1']);
  });

  test('providersInUse lists primary, fallbacks, image model and fallbacks once each', () => {
    expect(providersInUse(config)).toEqual(['anthropic', 'openai', 'google']);
    expect(providersInUse({})).toEqual(['anthropic']);
  });
});

describe('resolveAgentId', () => {
  test.each([
    [{}, undefined, 'main'],
    [{ agents: { list: [{ id: 'main' }, { id: 'Ops', default: true }] } }, undefined, 'ops'],
    [{ agents: { list: [{ id: 'ops', default: true }] } }, 'work', 'work'],
    [{ agents: { list: [{ id: 'ops' }] } }, '  ', 'main'],
  ] as [ClawdbotConfig, string | undefined, string][])('%j + %j -> %s', (config, requested, expected) => {
    expect(resolveAgentId(config, requested)).toBe(expected);
  });
});
