import { isSet, type RuntimeContext } from './context.js';
import { canonicalProviderId, normalizeProviderId } from './ids.js';
import { type LoadedEnv, originOf, type VarOrigin } from './origins.js';

const simple = (name: string): readonly string[] => Object.freeze([`${name.toUpperCase()}_API_KEY`]);

/** Environment variables that hold a provider's credential, in order: the first set one wins. */
export const PROVIDER_ENV_VARS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  anthropic: Object.freeze(['ANTHROPIC_OAUTH_TOKEN', 'ANTHROPIC_API_KEY']),
  openai: Object.freeze(['OPENAI_API_KEY']),
  google: Object.freeze(['GEMINI_API_KEY']),
  openrouter: Object.freeze(['OPENROUTER_API_KEY']),
  'vercel-ai-gateway': Object.freeze(['AI_GATEWAY_API_KEY']),
  zai: Object.freeze(['ZAI_API_KEY', 'Z_AI_API_KEY']),
  groq: simple('groq'),
  cerebras: simple('cerebras'),
  xai: simple('xai'),
  mistral: simple('mistral'),
  moonshot: simple('moonshot'),
  minimax: simple('minimax'),
  synthetic: simple('synthetic'),
  venice: simple('venice'),
  deepgram: simple('deepgram'),
  'kimi-code': Object.freeze(['KIMICODE_API_KEY']),
  opencode: Object.freeze(['OPENCODE_API_KEY', 'OPENCODE_ZEN_API_KEY']),
  'github-copilot': Object.freeze(['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN']),
  chutes: Object.freeze(['CHUTES_OAUTH_TOKEN', 'CHUTES_API_KEY']),
});

/** Variables that read as an OAuth bearer token rather than an API key. */
export const OAUTH_ENV_VARS: readonly string[] = Object.freeze([
  'ANTHROPIC_OAUTH_TOKEN',
  'CHUTES_OAUTH_TOKEN',
]);

/** Base-URL overrides by provider (config `models.providers.<id>.baseUrl` wins over these). */
export const PROVIDER_BASE_URL_VARS: Readonly<Record<string, string>> = Object.freeze({
  anthropic: 'ANTHROPIC_BASE_URL',
  openai: 'OPENAI_BASE_URL',
});

/**
 * The variable a provider's SDK reads for a credential: the OAuth bearer variable for an OAuth
 * access token or a static token (the first API-key variable when the provider has none), the
 * first API-key variable for a key. Undefined for a provider without a table row.
 * @throws never
 */
export function providerEnvVarFor(provider: string, type: 'oauth' | 'token' | 'api_key'): string | undefined {
  const names = PROVIDER_ENV_VARS[canonicalProviderId(provider)] ?? [];
  const oauth = names.find((n) => OAUTH_ENV_VARS.includes(n));
  const key = names.find((n) => !OAUTH_ENV_VARS.includes(n));
  return type === 'api_key' ? (key ?? oauth) : (oauth ?? key);
}

const SHELL_ONLY_KEYS = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_OAUTH_TOKEN',
  'GEMINI_API_KEY',
  'ZAI_API_KEY',
  'OPENROUTER_API_KEY',
  'AI_GATEWAY_API_KEY',
  'MINIMAX_API_KEY',
  'SYNTHETIC_API_KEY',
  'ELEVENLABS_API_KEY',
  'TELEGRAM_BOT_TOKEN',
  'DISCORD_BOT_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'CLAWDBOT_GATEWAY_TOKEN',
  'CLAWDBOT_GATEWAY_PASSWORD',
];

/** The only variables the login-shell import may bring in: spec 02's list plus every provider variable. */
export const SHELL_IMPORT_ALLOWLIST: readonly string[] = Object.freeze([
  ...new Set([...SHELL_ONLY_KEYS, ...Object.values(PROVIDER_ENV_VARS).flat()]),
]);

/** The only variables a `.env` in the working directory may set: the same list as the shell import. */
export const CWD_DOTENV_ALLOWLIST: readonly string[] = SHELL_IMPORT_ALLOWLIST;

/** A provider credential found in the environment. */
export interface ProviderEnvCredential {
  name: string;
  value: string;
  origin: VarOrigin;
  kind: 'oauth' | 'api_key';
}

/** The first set variable of a provider's table row, with its origin; undefined when none is set. */
export function resolveProviderEnv(
  ctx: RuntimeContext,
  loaded: LoadedEnv | undefined,
  provider: string,
): ProviderEnvCredential | undefined {
  let id: string;
  try {
    id = normalizeProviderId(provider);
  } catch {
    return undefined; // not a provider id: no variable can belong to it
  }
  const names = Object.hasOwn(PROVIDER_ENV_VARS, id) ? (PROVIDER_ENV_VARS[id] ?? []) : [];
  for (const name of names) {
    const value = ctx.env[name];
    if (!isSet(value)) continue;
    const kind = OAUTH_ENV_VARS.includes(name) ? 'oauth' : 'api_key';
    return { name, value: value.trim(), origin: originOf(loaded, name), kind };
  }
  return undefined;
}
