import type { ClawdbotConfig } from '@clawdbot-auth/config-migrate';
import { type ProviderApi, providerEntry } from '@clawdbot-auth/credentials';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';

export type { ProviderApi };

/** Where and how a provider is called. */
export interface Endpoint {
  provider: string;
  api: ProviderApi;
  baseUrl: string;
  /** Where the base URL came from: `config`, `env: NAME` or `default`. */
  baseUrlSource: string;
  /** The full request URL. */
  url: string;
}

const KNOWN_APIS: readonly ProviderApi[] = ['anthropic-messages', 'openai-completions'];

function configApi(value: string | undefined): ProviderApi | undefined {
  return KNOWN_APIS.find((api) => api === value?.trim());
}

function requestUrl(api: ProviderApi, baseUrl: string): string {
  return api === 'anthropic-messages' ? `${baseUrl}/v1/messages` : `${baseUrl}/chat/completions`;
}

/**
 * The endpoint of a provider: base URL from config `models.providers.<p>.baseUrl`, else the
 * provider's variable (ANTHROPIC_BASE_URL, OPENAI_BASE_URL), else the default. Undefined when
 * the provider has no API this runtime speaks (neither known nor configured with `api`).
 * @throws never
 */
export function resolveEndpoint(
  ctx: RuntimeContext,
  config: ClawdbotConfig,
  provider: string,
): Endpoint | undefined {
  const entry = config.models?.providers?.[provider];
  const row = providerEntry(provider);
  const known = row.endpoint;
  const api = configApi(entry?.api) ?? known?.api;
  if (!api) return undefined;
  const varName = row.baseUrlVar;
  const fromEnv = varName ? ctx.env[varName]?.trim() : undefined;
  let baseUrl: string | undefined;
  let baseUrlSource = 'default';
  if (entry?.baseUrl?.trim()) {
    baseUrl = entry.baseUrl.trim();
    baseUrlSource = 'config';
  } else if (fromEnv) {
    baseUrl = fromEnv;
    baseUrlSource = `env: ${varName}`;
  } else {
    baseUrl = known?.baseUrl;
  }
  if (!baseUrl) return undefined;
  baseUrl = baseUrl.replace(/\/+$/, '');
  return { provider, api, baseUrl, baseUrlSource, url: requestUrl(api, baseUrl) };
}
