import { type ClawdbotConfig, resolveModelSettings, splitModelRef } from '@clawdbot-auth/config-migrate';
import type { SessionEntry } from './schema.js';

/** The session's model: its override (`providerOverride` + `modelOverride`), else the primary. @throws MODEL_REF_INVALID */
export function sessionModel(
  config: ClawdbotConfig,
  agentId: string,
  entry: SessionEntry | undefined,
): string {
  const override = entry?.modelOverride?.trim();
  if (override) {
    if (entry?.providerOverride?.trim()) return `${entry.providerOverride.trim().toLowerCase()}/${override}`;
    const { provider, model } = splitModelRef(override);
    return `${provider}/${model}`;
  }
  const { provider, model } = splitModelRef(resolveModelSettings(config, agentId).primary);
  return `${provider}/${model}`;
}

/** The model chain of a turn: the chosen model, then the configured fallbacks (no repeats). @throws never */
export function modelChain(config: ClawdbotConfig, agentId: string, first: string): string[] {
  const out: string[] = [];
  for (const ref of [first, ...resolveModelSettings(config, agentId).fallbacks]) {
    try {
      const { provider, model } = splitModelRef(ref);
      const normalized = `${provider}/${model}`;
      if (!out.includes(normalized)) out.push(normalized);
    } catch {
      // an empty fallback entry names no model; config validation reports it
    }
  }
  return out;
}

/** The override fields for a model ref, as upstream stores them (provider and model id apart). @throws MODEL_REF_INVALID */
export function modelOverrideFields(ref: string): Pick<SessionEntry, 'modelOverride' | 'providerOverride'> {
  const { provider, model } = splitModelRef(ref);
  return { providerOverride: provider, modelOverride: model };
}
