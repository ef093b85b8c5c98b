import { API_KEY_FLAGS, type AuthChoice, apiKeyVars, authChoiceOf } from '@clawdbot-auth/credentials';
import type { CliEnvironment } from '../context.js';
import { CliError } from '../errors.js';
import type { SavedCredential } from './auth/credentials.js';
import type { HookRunner } from './auth/login-methods.js';

const ONBOARD = 'clawdbot onboard --non-interactive --accept-risk';

export interface OnboardInput {
  authChoice: string;
  /** `--<provider>-api-key` values by flag name ("-" reads stdin) */
  keys: Partial<Record<string, string>>;
  token?: { provider?: string; token?: string; profileId?: string; expiresIn?: string };
  /** prompts allowed (a TTY and no --non-interactive) */
  interactive: boolean;
  readStdin: () => Promise<string>;
  /** plugins' login methods (`openai-codex`, `chutes`) */
  hooks: HookRunner;
  print: (line: string) => void;
}

/** A profile onboarding set up: stored (with what it replaced) or an existing one it routed. */
export type OnboardedProfile =
  | (SavedCredential & { action: 'stored' })
  | { action: 'imported' | 'kept' | 'login'; profileId: string; provider: string };

async function flagValue(raw: string | undefined, input: OnboardInput): Promise<string | undefined> {
  return raw === '-' ? input.readStdin() : raw;
}

/** An existing API-key profile of `provider` to keep (upstream reuses one when no key is given). */
async function existingKeyProfile(env: CliEnvironment, provider: string): Promise<string | undefined> {
  const { readStore } = await import('@clawdbot-auth/auth-store');
  const { store } = await readStore(env.ctx, env.agentId);
  const own = `${provider}:default`;
  const ids = Object.keys(store.profiles).sort((a, b) => Number(b === own) - Number(a === own));
  return ids.find(
    (id) => store.profiles[id]?.type === 'api_key' && store.profiles[id]?.provider === provider,
  );
}

async function apiKey(
  env: CliEnvironment,
  choice: AuthChoice,
  input: OnboardInput,
): Promise<OnboardedProfile[]> {
  const creds = await import('./auth/credentials.js');
  const out: OnboardedProfile[] = [];
  const store = async (provider: string, flag: string, raw: string) => {
    const secret = creds.normalizeSecret(raw, provider, `--${flag}`);
    const profileId = `${provider}:default`;
    const s = await creds.saveCredential(env, { provider, profileId, type: 'api_key', secret });
    out.push({ ...s, action: 'stored' });
  };
  const provider = choice.provider!;
  const vars = apiKeyVars(provider);
  const given = await flagValue(input.keys[choice.keyFlag!], input);
  const value = given ?? vars.map((v) => env.ctx.env[v]).find((v) => v?.trim());
  const kept = value === undefined ? await existingKeyProfile(env, provider) : undefined;
  if (value !== undefined) await store(provider, choice.keyFlag!, value);
  else if (kept) {
    const { routeProfile } = await import('@clawdbot-auth/credentials');
    await routeProfile(env.ctx, kept, { provider, mode: 'api_key' });
    out.push({ action: 'kept', profileId: kept, provider });
  } else if (input.interactive) {
    const { readSecret } = await import('./auth/read-secret.js');
    await store(provider, choice.keyFlag!, await readSecret(`Paste the ${choice.label}`));
  } else {
    throw new CliError(
      'NO_CREDENTIAL_GIVEN',
      `--auth-choice ${choice.id} needs --${choice.keyFlag} (or ${vars.join(' or ')} in the environment, or an existing ${provider} API-key profile)`,
      `Run: printf %s "$KEY" | ${ONBOARD} --auth-choice ${choice.id} --${choice.keyFlag} -`,
    );
  }
  // Our addition to upstream: other key flags on the same line are stored too.
  for (const f of API_KEY_FLAGS) {
    if (f.flag === choice.keyFlag || input.keys[f.flag] === undefined) continue;
    await store(f.provider, f.flag, (await flagValue(input.keys[f.flag], input))!);
  }
  return out;
}

async function token(env: CliEnvironment, input: OnboardInput): Promise<OnboardedProfile[]> {
  const creds = await import('./auth/credentials.js');
  const t = input.token ?? {};
  if (!t.provider)
    throw new CliError(
      'MISSING_FLAG',
      '--auth-choice token needs --token-provider',
      `Run: ${ONBOARD} --auth-choice token --token-provider anthropic --token -`,
    );
  const provider = t.provider.trim().toLowerCase();
  const profileId = creds.resolveProfileId(provider, t.profileId);
  const ttl = t.expiresIn ? creds.parseDuration(t.expiresIn) : undefined;
  let raw = await flagValue(t.token, input);
  if (raw === undefined && input.interactive) {
    const { readSecret } = await import('./auth/read-secret.js');
    raw = await readSecret(`Paste the token for ${provider}`);
  }
  if (raw === undefined)
    throw new CliError(
      'MISSING_FLAG',
      '--auth-choice token needs --token (or --token - to read stdin)',
      `Run: ${ONBOARD} --auth-choice token --token-provider ${provider} --token - < token.txt`,
    );
  const secret = creds.normalizeSecret(raw, provider, '--token');
  const expires = ttl === undefined ? undefined : env.ctx.now() + ttl;
  const s = await creds.saveCredential(env, { provider, profileId, type: 'token', secret, expires });
  return [{ ...s, action: 'stored' }];
}

async function login(
  env: CliEnvironment,
  choice: AuthChoice,
  input: OnboardInput,
): Promise<OnboardedProfile[]> {
  const provider = choice.provider!;
  const run = `clawdbot models auth login --provider ${provider}`;
  if (!input.interactive)
    throw new CliError(
      'NO_TTY',
      `--auth-choice ${choice.id} is an OAuth login: it needs an interactive terminal`,
      `Run: ${run}`,
    );
  const { loginMethodsFor, runLoginMethod, terminalIO } = await import('./auth/login-methods.js');
  const [method] = await loginMethodsFor(input.hooks, provider);
  if (!method)
    throw new CliError(
      'UNKNOWN_LOGIN_METHOD',
      `no ${provider} login in this CLI (a plugin can add one)`,
      `Run: clawdbot models auth paste-token --provider ${provider}`,
    );
  const { profileId } = await runLoginMethod(env, method, terminalIO(input.print));
  return [{ action: 'login', profileId, provider }];
}

async function setupToken(env: CliEnvironment, input: OnboardInput): Promise<OnboardedProfile[]> {
  if (!input.interactive)
    throw new CliError(
      'NO_TTY',
      '--auth-choice setup-token runs `claude setup-token`: it needs an interactive terminal',
      `Run \`claude setup-token\` yourself, then: ${ONBOARD} --auth-choice token --token-provider anthropic --token -`,
    );
  const { setupTokenAndRoute } = await import('@clawdbot-auth/credentials');
  await setupTokenAndRoute(env.ctx, env.agentId, { isTTY: true });
  return [{ action: 'imported', profileId: 'anthropic:claude-cli', provider: 'anthropic' }];
}

/**
 * The credential part of upstream's onboard, for one `--auth-choice`.
 * @throws USAGE, NO_CREDENTIAL_GIVEN, MISSING_FLAG, NO_TTY, NO_LOCAL_LOGIN, INVALID_DURATION, EMPTY_TOKEN, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function onboardCredentials(
  env: CliEnvironment,
  input: OnboardInput,
): Promise<OnboardedProfile[]> {
  const choice = authChoiceOf(input.authChoice);
  if (!choice)
    throw new CliError(
      'USAGE',
      `--auth-choice ${input.authChoice} is not a choice upstream knows`,
      'Run: clawdbot onboard --help (it lists every choice)',
    );
  switch (choice.kind) {
    case 'api_key':
      return apiKey(env, choice, input);
    case 'token':
      return token(env, input);
    case 'sync': {
      const { importLocalLogin } = await import('@clawdbot-auth/credentials');
      const r = await importLocalLogin(env.ctx, env.agentId, choice.id as 'claude-cli' | 'codex-cli');
      return [{ action: 'imported', profileId: r.profileId, provider: r.provider }];
    }
    case 'setup-token':
      return setupToken(env, input);
    case 'login':
      return login(env, choice, input);
    default:
      return [];
  }
}
