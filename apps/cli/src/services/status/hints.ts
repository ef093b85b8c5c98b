/** Recovery hints for status, in one place. */

/** Providers with a login flow of ours (`models auth login --provider <p>`). */
const LOGIN_PROVIDERS = new Set(['anthropic', 'openai-codex']);

/** Environment variable names of a provider (spec 02), for hints; kept small on purpose. */
const KEY_VARS: Record<string, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GEMINI_API_KEY',
  openrouter: 'OPENROUTER_API_KEY',
  'vercel-ai-gateway': 'AI_GATEWAY_API_KEY',
  zai: 'ZAI_API_KEY',
  'kimi-code': 'KIMICODE_API_KEY',
  opencode: 'OPENCODE_API_KEY',
  'github-copilot': 'COPILOT_GITHUB_TOKEN',
};

/** The provider's API-key variable (`<NAME>_API_KEY` by default). */
export function keyVarOf(provider: string): string {
  return KEY_VARS[provider] ?? `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
}

/** What to run when a provider in use has no credential. */
export function missingHint(provider: string): string {
  const login = LOGIN_PROVIDERS.has(provider)
    ? `clawdbot models auth login --provider ${provider}`
    : `clawdbot models auth paste-token --provider ${provider}`;
  return `Run \`${login}\` or set ${keyVarOf(provider)}.`;
}

/** What to run for a profile whose refresh token was revoked. */
export function reloginHint(provider: string): string {
  return `clawdbot models auth login --provider ${provider}`;
}
