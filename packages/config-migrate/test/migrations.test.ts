import { describe, expect, test } from 'vitest';
import { applyMigrations, MIGRATIONS } from '../src/index.js';

type Raw = Record<string, unknown>;
const byId = (id: string) => {
  const m = MIGRATIONS.find((x) => x.id === id);
  if (!m) throw new Error(`no migration ${id}`);
  return m;
};

const cases: { id: string; name: string; before: Raw; after: Raw }[] = [
  {
    id: 'auth.anthropic-claude-cli-mode-oauth',
    name: 'claude-cli token -> oauth, other token profiles untouched',
    before: {
      auth: {
        profiles: {
          'anthropic:claude-cli': { provider: 'anthropic', mode: 'token', extra: 1 },
          'anthropic:paste': { provider: 'anthropic', mode: 'token' },
        },
      },
    },
    after: {
      auth: {
        profiles: {
          'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth', extra: 1 },
          'anthropic:paste': { provider: 'anthropic', mode: 'token' },
        },
      },
    },
  },
  {
    id: 'agent.defaults-v2',
    name: 'top-level agent moves under agents.defaults, existing keys win, objects merge',
    before: {
      agent: { workspace: '/old', timeoutSeconds: 60, model: { primary: 'a/x', fallbacks: ['b/y'] } },
      agents: { defaults: { workspace: '/new', model: { primary: 'c/z' } }, list: [{ id: 'main' }] },
    },
    after: {
      agents: {
        defaults: { workspace: '/new', timeoutSeconds: 60, model: { primary: 'c/z', fallbacks: ['b/y'] } },
        list: [{ id: 'main' }],
      },
    },
  },
  {
    id: 'agent.model-config-v2',
    name: 'flat model keys become model/imageModel/models entries',
    before: {
      agent: {
        model: 'anthropic/claude-opus-4-5',
        modelFallbacks: ['openai/gpt-5.2'],
        allowedModels: ['anthropic/claude-opus-4-5', 'openai/gpt-5.2'],
        modelAliases: { opus: 'anthropic/claude-opus-4-5', gpt: 'openai/gpt-5.2' },
        imageModel: 'openai/gpt-image-1',
        imageModelFallbacks: ['google/gemini-3'],
        keep: true,
      },
    },
    after: {
      agent: {
        model: { primary: 'anthropic/claude-opus-4-5', fallbacks: ['openai/gpt-5.2'] },
        models: { 'anthropic/claude-opus-4-5': { alias: 'opus' }, 'openai/gpt-5.2': { alias: 'gpt' } },
        imageModel: { primary: 'openai/gpt-image-1', fallbacks: ['google/gemini-3'] },
        keep: true,
      },
    },
  },
  {
    id: 'agent.model-config-v2',
    name: 'legacy keys inside agents.defaults too; existing alias kept',
    before: {
      agents: {
        defaults: {
          model: 'openai/gpt-5.2',
          models: { 'openai/gpt-5.2': { alias: 'five' } },
          modelAliases: { gpt: 'openai/gpt-5.2' },
        },
      },
    },
    after: {
      agents: {
        defaults: { model: { primary: 'openai/gpt-5.2' }, models: { 'openai/gpt-5.2': { alias: 'five' } } },
      },
    },
  },
];

describe('each migration', () => {
  test.each(cases)('$id: $name', ({ id, before, after }) => {
    const raw = structuredClone(before);
    expect(byId(id).apply(raw)).toBe(true);
    expect(raw).toEqual(after);
    // Idempotent: a second run changes nothing and says so.
    expect(byId(id).apply(raw)).toBe(false);
    expect(raw).toEqual(after);
  });

  test.each(MIGRATIONS.map((m) => m.id))('%s: a config without legacy keys is left alone', (id) => {
    const raw = {
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' } } },
      agents: { defaults: { model: { primary: 'a/b' } } },
      other: { deep: [1, 2] },
    };
    const copy = structuredClone(raw);
    expect(byId(id).apply(raw)).toBe(false);
    expect(raw).toEqual(copy);
  });
});

describe('applyMigrations', () => {
  test('runs all in order and reports the ids; applying twice equals once', () => {
    const raw: Raw = {
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'token' } } },
      agent: { model: 'anthropic/claude-opus-4-5', modelAliases: { opus: 'anthropic/claude-opus-4-5' } },
    };
    expect(applyMigrations(raw)).toEqual([
      'auth.anthropic-claude-cli-mode-oauth',
      'agent.model-config-v2',
      'agent.defaults-v2',
    ]);
    expect(raw).toEqual({
      auth: { profiles: { 'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' } } },
      agents: {
        defaults: {
          model: { primary: 'anthropic/claude-opus-4-5' },
          models: { 'anthropic/claude-opus-4-5': { alias: 'opus' } },
        },
      },
    });
    const once = structuredClone(raw);
    expect(applyMigrations(raw)).toEqual([]);
    expect(raw).toEqual(once);
  });

  test('every migration has a unique id and a description', () => {
    const ids = MIGRATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of MIGRATIONS) expect(m.describe.length).toBeGreaterThan(10);
  });
});
