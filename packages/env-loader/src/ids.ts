import { EnvLoaderError } from './errors.js';

/**
 * The one normaliser per id kind. Agent ids become a path segment of the state dir
 * (`<state>/agents/<id>`), provider and profile ids become object keys of the store and
 * the config: an id that could escape the dir or touch Object.prototype is rejected, the
 * same usage error in every command, never silently rewritten to another id.
 */

/** The agent used when neither a flag nor the config names one. */
export const DEFAULT_AGENT_ID = 'main';

/** Keys that would reach Object.prototype when used as a record key. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** ASCII letters, digits, `-` and `_`, starting with a letter or digit (upstream's shape). */
const AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Provider ids: ASCII, no `:` (it separates a profile id) and no `/` (it separates a model ref). */
const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  'z.ai': 'zai',
  'z-ai': 'zai',
  'opencode-zen': 'opencode',
};

/**
 * `Work` -> `work`. `source` names where the id came from (`--agent`, or `agents.list[2].id in
 * ~/.clawdbot/clawdbot.json`) for the message.
 * @throws INVALID_AGENT_ID for a blank id, a path (`../x`, `/x`), non-ASCII or a reserved word
 */
export function normalizeAgentId(raw: string, source = '--agent'): string {
  const id = raw.trim().toLowerCase();
  if (AGENT_ID.test(id) && !RESERVED.has(id)) return id;
  throw new EnvLoaderError(
    'INVALID_AGENT_ID',
    `Invalid agent id ${JSON.stringify(raw)} (${source}): use letters, digits, - and _ (for example ${DEFAULT_AGENT_ID})`,
    {
      hint: source.startsWith('--')
        ? `leave out ${source} to use the default agent (${DEFAULT_AGENT_ID})`
        : `fix ${source}, then: clawdbot doctor`,
    },
  );
}

/** True when `raw` is an agent id {@link normalizeAgentId} accepts. */
export function isValidAgentId(raw: string): boolean {
  const id = raw.trim().toLowerCase();
  return AGENT_ID.test(id) && !RESERVED.has(id);
}

/** Lower-cases a provider id and maps the aliases upstream accepts (`z.ai` -> `zai`); never throws (for lookups). */
export function canonicalProviderId(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return PROVIDER_ALIASES[lower] ?? lower;
}

/**
 * {@link canonicalProviderId}, validated: the form for ids a user typed.
 * @throws INVALID_PROVIDER_ID for a blank id, `:` or `/` in it, non-ASCII or a reserved word
 */
export function normalizeProviderId(raw: string, source = '--provider'): string {
  const id = canonicalProviderId(raw);
  if (PROVIDER_ID.test(id) && !RESERVED.has(id)) return id;
  throw new EnvLoaderError(
    'INVALID_PROVIDER_ID',
    `Invalid provider id ${JSON.stringify(raw)} (${source}): use a provider such as anthropic, openai or openrouter`,
    { hint: 'a provider id such as anthropic, openai or openrouter' },
  );
}

/**
 * `Anthropic:Work` -> `anthropic:Work`: the provider part is normalised, the name is kept.
 * @throws INVALID_PROFILE_ID for a blank id, an empty name, a reserved word or an invalid provider part
 */
export function normalizeProfileId(raw: string, source = '--profile-id'): string {
  const id = raw.trim();
  const i = id.indexOf(':');
  const provider = i < 0 ? id : id.slice(0, i);
  const name = i < 0 ? undefined : id.slice(i + 1);
  const bad = () =>
    new EnvLoaderError(
      'INVALID_PROFILE_ID',
      `Invalid profile id ${JSON.stringify(raw)} (${source}): use <provider>:<name>, for example anthropic:work`,
      { hint: 'clawdbot models auth list' },
    );
  if (RESERVED.has(id) || (name !== undefined && (name === '' || RESERVED.has(name)))) throw bad();
  let p: string;
  try {
    p = normalizeProviderId(provider, source);
  } catch {
    throw bad();
  }
  return name === undefined ? p : `${p}:${name}`;
}
