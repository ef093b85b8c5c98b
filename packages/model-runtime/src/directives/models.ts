import { type ClawdbotConfig, resolveModelSettings, splitModelRef } from '@clawdbot-auth/config-migrate';
import { RuntimeError } from '../errors.js';
import type { ModelSelector } from './parse.js';

/** One row of `/model list`. */
export interface AllowedModel {
  n: number;
  ref: string;
  alias?: string;
}

/** `provider/model` with the provider lower-cased. @throws MODEL_UNKNOWN */
export function normalizeRef(ref: string): string {
  try {
    const { provider, model } = splitModelRef(ref);
    return `${provider}/${model}`;
  } catch {
    throw new RuntimeError('MODEL_UNKNOWN', `"${ref}" is not a model reference`, {
      hint: 'send /model list, then /model <n> or /model <provider/model>',
    });
  }
}

/** The numbered `/model` list: `agents.defaults.models`, else the default model and its fallbacks. @throws MODEL_UNKNOWN */
export function listAllowedModels(config: ClawdbotConfig, agentId?: string): AllowedModel[] {
  const settings = resolveModelSettings(config, agentId);
  const aliasOf = new Map(Object.entries(settings.aliases).map(([alias, ref]) => [normalizeRef(ref), alias]));
  const refs = settings.allowed.length > 0 ? settings.allowed : [settings.primary, ...settings.fallbacks];
  const unique = [...new Set(refs.map(normalizeRef))];
  return unique.map((ref, i) => {
    const alias = aliasOf.get(ref);
    return alias === undefined ? { n: i + 1, ref } : { n: i + 1, ref, alias };
  });
}

function unknown(what: string): RuntimeError {
  return new RuntimeError('MODEL_UNKNOWN', `no model "${what}" in the list`, {
    hint: 'send /model list to see the numbers and aliases',
  });
}

/**
 * The model ref a `/model` selector names: list number, alias, a listed model's id, or
 * `provider/model` (which must be listed when `agents.defaults.models` is configured).
 * @throws MODEL_UNKNOWN, MODEL_NOT_ALLOWED
 */
export function resolveSelector(config: ClawdbotConfig, selector: ModelSelector, agentId?: string): string {
  const list = listAllowedModels(config, agentId);
  if (selector.kind === 'index') {
    const hit = list.find((m) => m.n === selector.n);
    if (!hit) throw unknown(String(selector.n));
    return hit.ref;
  }
  const wanted = selector.ref.trim();
  const byAlias = list.find((m) => m.alias?.toLowerCase() === wanted.toLowerCase());
  if (byAlias) return byAlias.ref;
  const settings = resolveModelSettings(config, agentId);
  const aliasRef = Object.entries(settings.aliases).find(([a]) => a.toLowerCase() === wanted.toLowerCase());
  if (aliasRef) return normalizeRef(aliasRef[1]);
  if (!wanted.includes('/')) {
    const byId = list.filter((m) => m.ref.slice(m.ref.indexOf('/') + 1) === wanted);
    if (byId.length === 1) return byId[0]!.ref;
    throw unknown(wanted);
  }
  const ref = normalizeRef(wanted);
  if (settings.allowed.length > 0 && !list.some((m) => m.ref === ref)) {
    throw new RuntimeError('MODEL_NOT_ALLOWED', `${ref} is not in agents.defaults.models`, {
      hint: `add it to agents.defaults.models in clawdbot.json, or pick one from /model list`,
    });
  }
  return ref;
}
