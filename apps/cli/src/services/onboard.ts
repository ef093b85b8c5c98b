import type { CliEnvironment } from '../context.js';
import { CliError } from '../errors.js';
import type { SavedCredential } from './auth/credentials.js';

/** `--<flag>` → provider and its environment variable (the fallback when the flag is absent). */
export const API_KEY_FLAGS = {
  'anthropic-api-key': { provider: 'anthropic', env: 'ANTHROPIC_API_KEY' },
  'openai-api-key': { provider: 'openai', env: 'OPENAI_API_KEY' },
  'openrouter-api-key': { provider: 'openrouter', env: 'OPENROUTER_API_KEY' },
  'gemini-api-key': { provider: 'google', env: 'GEMINI_API_KEY' },
} as const;
export type ApiKeyFlag = keyof typeof API_KEY_FLAGS;

export interface OnboardInput {
  authChoice: string;
  keys: Partial<Record<ApiKeyFlag, string>>;
  token?: { provider?: string; token?: string; profileId?: string; expiresIn?: string };
  readStdin: () => Promise<string>;
}

async function flagValue(raw: string | undefined, input: OnboardInput): Promise<string | undefined> {
  return raw === '-' ? input.readStdin() : raw;
}

async function apiKeys(env: CliEnvironment, input: OnboardInput): Promise<SavedCredential[]> {
  const creds = await import('./auth/credentials.js');
  const saved: SavedCredential[] = [];
  for (const [flag, spec] of Object.entries(API_KEY_FLAGS) as [
    ApiKeyFlag,
    (typeof API_KEY_FLAGS)[ApiKeyFlag],
  ][]) {
    const given = await flagValue(input.keys[flag], input);
    const raw = given ?? (Object.keys(input.keys).length ? undefined : env.ctx.env[spec.env]);
    if (raw === undefined) continue;
    const secret = creds.normalizeSecret(raw, spec.provider, `--${flag}`);
    const profileId = `${spec.provider}:default`;
    saved.push(
      await creds.saveCredential(env, { provider: spec.provider, profileId, type: 'api_key', secret }),
    );
  }
  if (!saved.length) {
    throw new CliError(
      'NO_CREDENTIAL_GIVEN',
      '--auth-choice apiKey needs a key: none of --anthropic-api-key, --openai-api-key, --openrouter-api-key, --gemini-api-key (or their variables) is set',
      'Run: clawdbot onboard --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key - < key.txt',
    );
  }
  return saved;
}

async function token(env: CliEnvironment, input: OnboardInput): Promise<SavedCredential[]> {
  const creds = await import('./auth/credentials.js');
  const t = input.token ?? {};
  if (!t.provider)
    throw new CliError(
      'MISSING_FLAG',
      '--auth-choice token needs --token-provider',
      'Run: clawdbot onboard --non-interactive --accept-risk --auth-choice token --token-provider anthropic --token -',
    );
  const provider = t.provider.trim().toLowerCase();
  const profileId = creds.resolveProfileId(provider, t.profileId);
  const ttl = t.expiresIn ? creds.parseDuration(t.expiresIn) : undefined;
  const raw = await flagValue(t.token, input);
  if (raw === undefined)
    throw new CliError(
      'MISSING_FLAG',
      '--auth-choice token needs --token (or --token - to read stdin)',
      `Run: clawdbot onboard --non-interactive --accept-risk --auth-choice token --token-provider ${provider} --token - < token.txt`,
    );
  const secret = creds.normalizeSecret(raw, provider, '--token');
  const expires = ttl === undefined ? undefined : env.ctx.now() + ttl;
  return [await creds.saveCredential(env, { provider, profileId, type: 'token', secret, expires })];
}

/**
 * Non-interactive onboarding of credentials (the auth part of upstream's onboard).
 * @throws USAGE, NO_CREDENTIAL_GIVEN, MISSING_FLAG, INVALID_DURATION, EMPTY_TOKEN
 */
export async function onboardNonInteractive(
  env: CliEnvironment,
  input: OnboardInput,
): Promise<{ saved: SavedCredential[] }> {
  const choice = input.authChoice.toLowerCase().replace(/[-_]/g, '');
  if (choice === 'apikey') return { saved: await apiKeys(env, input) };
  if (choice === 'token') return { saved: await token(env, input) };
  if (choice === 'skip') return { saved: [] };
  throw new CliError(
    'USAGE',
    `--auth-choice ${input.authChoice} is not supported (apiKey, token, skip)`,
    'Run: clawdbot onboard --help',
  );
}
