import { PROVIDER_ENV_VARS } from './deps.js';

export { formatRemaining } from './deps.js';

/** Providers with a login flow of ours (`clawdbot models auth login`). */
const LOGIN_PROVIDERS = new Set(['anthropic', 'openai-codex']);

/** The command that gets a provider a fresh credential when it has none. */
export function missingFix(provider: string): string {
  if (LOGIN_PROVIDERS.has(provider)) return `clawdbot models auth login --provider ${provider}`;
  const envVar = PROVIDER_ENV_VARS[provider]?.[0];
  if (envVar) return `add ${envVar}=<key> to ~/.clawdbot/.env`;
  return `clawdbot models auth paste-token --provider ${provider}`;
}

/** The command that replaces one stored credential (expired, dead or revoked). */
export function reloginFix(provider: string, profileId: string, type: string): string {
  if (profileId === 'anthropic:claude-cli') return 'claude setup-token';
  if (profileId === 'openai-codex:codex-cli') return 'codex login';
  if (type === 'oauth' || LOGIN_PROVIDERS.has(provider)) {
    if (type === 'token')
      return `clawdbot models auth paste-token --provider ${provider} --profile-id ${profileId}`;
    return `clawdbot models auth login --provider ${provider}`;
  }
  if (type === 'token')
    return `clawdbot models auth paste-token --provider ${provider} --profile-id ${profileId}`;
  return missingFix(provider);
}

/** Other ways to give a provider a credential, for the message of a missing one. */
export function missingAlternatives(provider: string): string {
  const envVar =
    PROVIDER_ENV_VARS[provider]?.find((v) => v.endsWith('_API_KEY')) ?? PROVIDER_ENV_VARS[provider]?.[0];
  const ways: string[] = [];
  if (provider === 'anthropic') ways.push('`claude setup-token`');
  if (LOGIN_PROVIDERS.has(provider) && envVar) ways.push(`${envVar} in ~/.clawdbot/.env`);
  if (!LOGIN_PROVIDERS.has(provider)) ways.push(`clawdbot models auth paste-token --provider ${provider}`);
  return ways.length > 0 ? ` (other ways: ${ways.join(', or ')})` : '';
}
