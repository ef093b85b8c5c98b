import { CLAUDE_CLI_PROFILE_ID, CODEX_CLI_PROFILE_ID } from '@clawdbot-auth/claude-sync';
import { OAUTH_ENV_VARS } from '@clawdbot-auth/env-loader';
import { providerEntry } from './catalog.js';

/**
 * What an upstream `onboard --auth-choice` value does to credentials:
 * - `api_key`: store the key from `--<keyFlag>` (or the provider's key variable) under `profileId`;
 * - `token`: store `--token` for `--token-provider` (upstream: `<provider>:manual` by default);
 * - `sync`: import the local CLI login (Claude Code / Codex) under `profileId` and route it;
 * - `setup-token`: run `claude setup-token`, then import it as `anthropic:claude-cli`;
 * - `login`: an interactive OAuth login of `provider` (upstream refuses it non-interactively);
 * - `skip`: no credential.
 */
export type AuthChoiceKind = 'api_key' | 'token' | 'sync' | 'setup-token' | 'login' | 'skip';

export interface AuthChoice {
  /** The value upstream accepts for `--auth-choice`. */
  id: string;
  kind: AuthChoiceKind;
  /** The provider whose credential the choice sets up (absent for `token` and `skip`). */
  provider?: string;
  /** The profile id upstream stores the credential under. */
  profileId?: string;
  /** `api_key`: the upstream flag that carries the key, e.g. `anthropic-api-key`. */
  keyFlag?: string;
  /** One line for help and prompts. */
  label: string;
}

const key = (id: string, provider: string, keyFlag: string, label: string): AuthChoice => ({
  id,
  kind: 'api_key',
  provider,
  profileId: `${provider}:default`,
  keyFlag,
  label,
});

/** Every `--auth-choice` value of upstream's `onboard --help`, in its order. */
export const AUTH_CHOICES: readonly AuthChoice[] = Object.freeze([
  {
    id: 'setup-token',
    kind: 'setup-token',
    provider: 'anthropic',
    profileId: CLAUDE_CLI_PROFILE_ID,
    label: 'Anthropic: run `claude setup-token` (long-lived token)',
  },
  {
    id: 'claude-cli',
    kind: 'sync',
    provider: 'anthropic',
    profileId: CLAUDE_CLI_PROFILE_ID,
    label: 'Anthropic: use the Claude Code login',
  },
  { id: 'token', kind: 'token', label: 'Paste a token (--token-provider, --token)' },
  { id: 'chutes', kind: 'login', provider: 'chutes', label: 'Chutes OAuth login' },
  {
    id: 'openai-codex',
    kind: 'login',
    provider: 'openai-codex',
    label: 'OpenAI Codex (ChatGPT) OAuth login',
  },
  key('openai-api-key', 'openai', 'openai-api-key', 'OpenAI API key'),
  key('openrouter-api-key', 'openrouter', 'openrouter-api-key', 'OpenRouter API key'),
  key('ai-gateway-api-key', 'vercel-ai-gateway', 'ai-gateway-api-key', 'Vercel AI Gateway API key'),
  key('moonshot-api-key', 'moonshot', 'moonshot-api-key', 'Moonshot API key'),
  key('kimi-code-api-key', 'kimi-code', 'kimi-code-api-key', 'Kimi Code API key'),
  key('synthetic-api-key', 'synthetic', 'synthetic-api-key', 'Synthetic API key'),
  {
    id: 'codex-cli',
    kind: 'sync',
    provider: 'openai-codex',
    profileId: CODEX_CLI_PROFILE_ID,
    label: 'OpenAI Codex: use the Codex CLI login',
  },
  key('gemini-api-key', 'google', 'gemini-api-key', 'Gemini API key'),
  key('zai-api-key', 'zai', 'zai-api-key', 'Z.AI API key'),
  key('apiKey', 'anthropic', 'anthropic-api-key', 'Anthropic API key'),
  key('minimax-api', 'minimax', 'minimax-api-key', 'MiniMax API key'),
  key('minimax-api-lightning', 'minimax', 'minimax-api-key', 'MiniMax API key (lightning model)'),
  key('opencode-zen', 'opencode', 'opencode-zen-api-key', 'OpenCode Zen API key'),
  { id: 'skip', kind: 'skip', label: 'Skip: no credential' },
]);

/** Older spellings upstream still maps (`oauth` was the setup-token choice). */
const ALIASES: Readonly<Record<string, string>> = { oauth: 'setup-token', 'minimax-cloud': 'minimax-api' };

/** The flags that carry an API key, each once (two MiniMax choices share one flag). */
export const API_KEY_FLAGS: readonly { flag: string; provider: string; label: string }[] = Object.freeze(
  [...new Map(AUTH_CHOICES.filter((c) => c.keyFlag).map((c) => [c.keyFlag!, c])).values()].map((c) => ({
    flag: c.keyFlag!,
    provider: c.provider!,
    label: c.label.replace(/ \(.*\)$/, ''),
  })),
);

/** The choice for an `--auth-choice` value (exact, then its alias); undefined when unknown. @throws never */
export function authChoiceOf(value: string): AuthChoice | undefined {
  const v = value.trim();
  const id = ALIASES[v] ?? v;
  return AUTH_CHOICES.find((c) => c.id === id);
}

/** The variables an API key of `provider` may come from, in order (OAuth bearer variables left out). */
export function apiKeyVars(provider: string): readonly string[] {
  const entry = providerEntry(provider);
  const vars = entry.envVars.filter((v) => !OAUTH_ENV_VARS.includes(v));
  return vars.length ? vars : [entry.keyVar];
}
