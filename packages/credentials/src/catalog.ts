import { CLAUDE_CLI_PROFILE_ID, CODEX_CLI_PROFILE_ID } from '@clawdbot-auth/claude-sync';
import {
  canonicalProviderId,
  normalizeProviderId,
  OAUTH_ENV_VARS,
  PROVIDER_BASE_URL_VARS,
  PROVIDER_ENV_VARS,
} from '@clawdbot-auth/env-loader';

/** The wire protocols the runtime speaks. */
export type ProviderApi = 'anthropic-messages' | 'openai-completions';

/** What the project knows about one provider: one row, read by status, doctor, probe and runtime. */
export interface ProviderEntry {
  id: string;
  /** Credential variables in order: the first set one wins (env-loader's table). */
  envVars: readonly string[];
  /** The variable an API key goes in (hints name it). */
  keyVar: string;
  /** Variables that carry an OAuth bearer token instead of an API key. */
  oauthEnvVars: readonly string[];
  /** Base-URL override variable (config `models.providers.<id>.baseUrl` wins over it). */
  baseUrlVar?: string;
  /** Default endpoint of a provider this runtime can call. */
  endpoint?: { api: ProviderApi; baseUrl: string };
  /** Model a probe sends a one-token request to when config names none of this provider. */
  probeModel?: string;
  /** A login flow of ours: `clawdbot models auth login --provider <id>`. */
  login: boolean;
  /** The profile id a local CLI login is imported under, and which CLI it comes from. */
  synced?: { profileId: string; from: 'claude-cli' | 'codex-cli'; relogin: readonly string[] };
}

const ENDPOINTS: Record<string, { api: ProviderApi; baseUrl: string; probeModel?: string }> = {
  anthropic: {
    api: 'anthropic-messages',
    baseUrl: 'https://api.anthropic.com',
    probeModel: 'claude-opus-4-5',
  },
  openai: { api: 'openai-completions', baseUrl: 'https://api.openai.com/v1', probeModel: 'gpt-5.2' },
  openrouter: {
    api: 'openai-completions',
    baseUrl: 'https://openrouter.ai/api/v1',
    probeModel: 'openrouter/auto',
  },
  groq: { api: 'openai-completions', baseUrl: 'https://api.groq.com/openai/v1' },
  xai: { api: 'openai-completions', baseUrl: 'https://api.x.ai/v1' },
  mistral: { api: 'openai-completions', baseUrl: 'https://api.mistral.ai/v1' },
};

const SYNCED: Record<string, ProviderEntry['synced']> = {
  anthropic: {
    profileId: CLAUDE_CLI_PROFILE_ID,
    from: 'claude-cli',
    relogin: ['clawdbot models auth setup-token --provider anthropic'],
  },
  'openai-codex': { profileId: CODEX_CLI_PROFILE_ID, from: 'codex-cli', relogin: ['codex login'] },
};

const LOGIN = new Set(['anthropic', 'openai-codex']);

function fallbackKeyVar(id: string): string {
  return `${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
}

function entryOf(id: string): ProviderEntry {
  const envVars = PROVIDER_ENV_VARS[id] ?? [];
  const endpoint = ENDPOINTS[id];
  const entry: ProviderEntry = {
    id,
    envVars,
    keyVar: envVars.find((v) => v.endsWith('_API_KEY')) ?? envVars[0] ?? fallbackKeyVar(id),
    oauthEnvVars: envVars.filter((v) => OAUTH_ENV_VARS.includes(v)),
    login: LOGIN.has(id),
  };
  const baseUrlVar = PROVIDER_BASE_URL_VARS[id];
  if (baseUrlVar) entry.baseUrlVar = baseUrlVar;
  if (endpoint) {
    entry.endpoint = { api: endpoint.api, baseUrl: endpoint.baseUrl };
    if (endpoint.probeModel) entry.probeModel = endpoint.probeModel;
  }
  const synced = SYNCED[id];
  if (synced) entry.synced = synced;
  return entry;
}

/** Every provider we know by name, in a stable order. */
export const PROVIDERS: readonly ProviderEntry[] = Object.freeze(
  [...new Set([...Object.keys(PROVIDER_ENV_VARS), ...Object.keys(ENDPOINTS), ...Object.keys(SYNCED)])]
    .sort()
    .map(entryOf),
);

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

/** The catalog row of a provider (aliases accepted); an unknown provider gets a generic row. @throws never */
export function providerEntry(provider: string): ProviderEntry {
  const id = canonicalProviderId(provider);
  return BY_ID.get(id) ?? entryOf(id);
}

/** Profile ids filled by the Claude Code / Codex sync: never dangling, never deleted as stale. */
export const SYNCED_PROFILE_IDS: readonly string[] = Object.freeze(
  PROVIDERS.flatMap((p) => (p.synced ? [p.synced.profileId] : [])),
);

/** True for `anthropic:claude-cli` and `openai-codex:codex-cli`. */
export function isSyncedProfileId(profileId: string): boolean {
  return SYNCED_PROFILE_IDS.includes(profileId);
}

/** The provider whose local CLI login is imported under `profileId`, if any. */
export function syncedProvider(profileId: string): ProviderEntry | undefined {
  return PROVIDERS.find((p) => p.synced?.profileId === profileId);
}

export { normalizeProviderId };
