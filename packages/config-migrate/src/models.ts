import { DEFAULT_AGENT_ID, normalizeAgentId } from '@clawdbot-auth/env-loader';
import { ConfigError } from './errors.js';
import type { ClawdbotConfig, ModelList } from './schema.js';

/** The model used when none is configured. */
export const DEFAULT_MODEL = 'anthropic/claude-opus-4-5';
/** The provider assumed for a bare model name without `provider/`. */
export const DEFAULT_PROVIDER = 'anthropic';
/** The agent id used when neither a flag nor `agents.list[].default` names one. */
export { DEFAULT_AGENT_ID };

/** Splits `provider/model` on the first `/`; provider lower-cased. @throws MODEL_REF_INVALID */
export function splitModelRef(ref: string): { provider: string; model: string } {
  const trimmed = ref.trim();
  const slash = trimmed.indexOf('/');
  const provider = slash === -1 ? DEFAULT_PROVIDER : trimmed.slice(0, slash).trim().toLowerCase();
  const model = slash === -1 ? trimmed : trimmed.slice(slash + 1).trim();
  if (provider === '' || model === '') {
    throw new ConfigError('MODEL_REF_INVALID', `invalid model reference "${ref}" (expected provider/model)`, {
      hint: 'use a reference like anthropic/claude-opus-4-5: clawdbot models set <provider/model>',
    });
  }
  return { provider, model };
}

export interface ModelSettings {
  primary: string;
  fallbacks: string[];
  imageModel: string | null;
  imageFallbacks: string[];
  /** alias -> model ref */
  aliases: Record<string, string>;
  /** Model refs listed in `agents.defaults.models` (the /model allow-list; empty = any). */
  allowed: string[];
}

function listOf(value: string | ModelList | undefined): ModelList {
  return typeof value === 'string' ? { primary: value } : (value ?? {});
}

/**
 * The effective model settings: `agents.defaults`, overridden by the agent's own
 * `agents.list[].model` when `agentId` is given; aliases resolve to their refs.
 */
export function resolveModelSettings(config: ClawdbotConfig, agentId?: string): ModelSettings {
  const defaults = config.agents?.defaults ?? {};
  const aliases: Record<string, string> = {};
  for (const [ref, entry] of Object.entries(defaults.models ?? {})) {
    const alias = entry.alias?.trim();
    if (alias) aliases[alias] = ref;
  }
  const resolve = (ref: string) => aliases[ref.trim()] ?? ref.trim();
  const agent = agentId === undefined ? undefined : findAgent(config, agentId);
  const own = listOf(agent?.model);
  const model = { ...listOf(defaults.model), ...stripUndefined(own) };
  const image = listOf(defaults.imageModel);
  return {
    primary: resolve(model.primary ?? DEFAULT_MODEL),
    fallbacks: (model.fallbacks ?? []).map(resolve),
    imageModel: image.primary ? resolve(image.primary) : null,
    imageFallbacks: (image.fallbacks ?? []).map(resolve),
    aliases,
    allowed: Object.keys(defaults.models ?? {}),
  };
}

function stripUndefined(list: ModelList): ModelList {
  return Object.fromEntries(Object.entries(list).filter(([, v]) => v !== undefined)) as ModelList;
}

function findAgent(config: ClawdbotConfig, agentId: string) {
  const id = agentId.trim().toLowerCase();
  return config.agents?.list?.find((a) => a.id.trim().toLowerCase() === id);
}

/** Providers of the primary model, its fallbacks, the image model and its fallbacks (in that order, unique). */
export function providersInUse(config: ClawdbotConfig, agentId?: string): string[] {
  const s = resolveModelSettings(config, agentId);
  const refs = [s.primary, ...s.fallbacks, ...(s.imageModel ? [s.imageModel] : []), ...s.imageFallbacks];
  const out = new Set<string>();
  for (const ref of refs) {
    try {
      out.add(splitModelRef(ref).provider);
    } catch {
      // An empty ref names no provider; validation reports the config entry.
    }
  }
  return [...out];
}

/**
 * The agent to act on: the requested id, else `agents.list[].default`, else `main`.
 * @throws INVALID_AGENT_ID when the requested or configured id is not an agent id (`../x`, non-ASCII)
 */
export function resolveAgentId(config: ClawdbotConfig, requested?: string): string {
  if (requested?.trim()) return normalizeAgentId(requested, '--agent');
  const list = config.agents?.list ?? [];
  const i = list.findIndex((a) => a.default === true);
  const marked = list[i]?.id;
  if (!marked?.trim()) return DEFAULT_AGENT_ID;
  // The config's default is a path segment too: validated like --agent, never sanitised.
  return normalizeAgentId(marked, `agents.list[${i}].id in the config`);
}
