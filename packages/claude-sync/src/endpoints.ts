import type { RuntimeContext } from '@clawdbot-auth/env-loader';

export type OAuthProvider = 'anthropic' | 'openai-codex';

export interface ProviderEndpoints {
  tokenUrl: string;
  authorizeUrl: string;
}

/** Public client ids of the two OAuth apps (spec 03). */
export const OAUTH_CLIENT_IDS: Readonly<Record<OAuthProvider, string>> = {
  anthropic: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
  'openai-codex': 'app_EMoamEEZ73f0CkXaXp7hrann',
};

export const ANTHROPIC_REDIRECT_URI = 'https://console.anthropic.com/oauth/code/callback';
export const ANTHROPIC_SCOPES = 'org:create_api_key user:profile user:inference';
export const CODEX_SCOPES = 'openid profile email offline_access';
export const CODEX_CALLBACK_PORT = 1455;
export const CODEX_CALLBACK_PATH = '/auth/callback';

const DEFAULTS: Record<OAuthProvider, ProviderEndpoints> = {
  anthropic: {
    tokenUrl: 'https://console.anthropic.com/v1/oauth/token',
    authorizeUrl: 'https://claude.ai/oauth/authorize',
  },
  'openai-codex': {
    tokenUrl: 'https://auth.openai.com/oauth/token',
    authorizeUrl: 'https://auth.openai.com/oauth/authorize',
  },
};

/** Env variables that point the endpoints elsewhere (tests, proxies). */
export const ENDPOINT_ENV_VARS = {
  anthropic: {
    tokenUrl: 'CLAWDBOT_OAUTH_TOKEN_URL_ANTHROPIC',
    authorizeUrl: 'CLAWDBOT_OAUTH_AUTHORIZE_URL_ANTHROPIC',
  },
  'openai-codex': {
    tokenUrl: 'CLAWDBOT_OAUTH_TOKEN_URL_OPENAI_CODEX',
    authorizeUrl: 'CLAWDBOT_OAUTH_AUTHORIZE_URL_OPENAI_CODEX',
  },
} as const;

function pick(ctx: RuntimeContext, name: string, fallback: string): string {
  const v = ctx.env[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
}

/** The token and authorize URLs of each provider, with the env overrides applied. */
export function oauthEndpoints(ctx: RuntimeContext): Record<OAuthProvider, ProviderEndpoints> {
  const one = (p: OAuthProvider): ProviderEndpoints => ({
    tokenUrl: pick(ctx, ENDPOINT_ENV_VARS[p].tokenUrl, DEFAULTS[p].tokenUrl),
    authorizeUrl: pick(ctx, ENDPOINT_ENV_VARS[p].authorizeUrl, DEFAULTS[p].authorizeUrl),
  });
  return { anthropic: one('anthropic'), 'openai-codex': one('openai-codex') };
}

/** True for the providers whose tokens we can refresh. */
export function isOAuthProvider(p: string): p is OAuthProvider {
  return p === 'anthropic' || p === 'openai-codex';
}

/** The codex redirect URI for a callback port. */
export function codexRedirectUri(port: number): string {
  return `http://localhost:${port}${CODEX_CALLBACK_PATH}`;
}
