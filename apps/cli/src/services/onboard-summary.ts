import { authChoiceOf } from '@clawdbot-auth/credentials';
import type { CliEnvironment } from '../context.js';
import type { HookRunner } from './auth/login-methods.js';
import { type OnboardedProfile, onboardCredentials } from './onboard.js';

/** `onboard --json`: upstream's summary fields that apply, plus what this CLI did to credentials. */
export interface OnboardSummary {
  mode: 'local' | 'remote';
  authChoice: string;
  agent: string;
  workspace: string | null;
  profiles: OnboardedProfile[];
  /** where secrets go from now on (config auth.secrets.storage), when onboarding set it */
  storage?: string;
  /** a stored credential replaced another secret under its id */
  replaced: boolean;
  /** upstream flags given for steps outside this CLI (names only) */
  leftToGateway: string[];
  installDaemon: false;
  skipSkills: boolean;
  skipHealth: boolean;
}

type Flags = Record<string, unknown> & { 'auth-choice'?: string; mode?: string };

/**
 * Onboarding of credentials: the `--auth-choice` (or, on a terminal without one, the picker of
 * `models auth add`), nothing with `--mode remote` (credentials live on the remote gateway).
 * @throws see onboardCredentials, NO_TTY
 */
/**
 * Where secrets go from now on: `--storage`, else (on a terminal, when the config says nothing)
 * the user's answer; saved as config `auth.secrets.storage`, which every later save follows.
 * @throws CONFIG_PARSE_FAILED
 */
async function chooseStorage(
  env: CliEnvironment,
  flag: string | undefined,
  ask: boolean,
): Promise<string | undefined> {
  let storage = flag;
  if (storage === undefined && ask && env.loaded.config.auth?.secrets?.storage === undefined) {
    const { confirmOrYes } = await import('./auth/read-secret.js');
    const keyring = await confirmOrYes('Keep secrets in the OS keyring instead of auth-profiles.json?', {
      command: 'clawdbot onboard --storage keyring',
    });
    storage = keyring ? 'keyring' : 'file';
  }
  if (storage !== 'keyring' && storage !== 'file') return undefined;
  const { setSecretStorage } = await import('@clawdbot-auth/credentials');
  await setSecretStorage(env.ctx, storage);
  return storage;
}

export async function onboard(
  env: CliEnvironment,
  opts: {
    flags: Flags;
    leftToGateway: string[];
    interactive: boolean;
    hooks: HookRunner;
    print: (l: string) => void;
  },
): Promise<OnboardSummary> {
  const { flags } = opts;
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const mode = flags.mode === 'remote' ? 'remote' : 'local';
  let profiles: OnboardedProfile[] = [];
  let storage: string | undefined;
  const authChoice = str('auth-choice') ?? (opts.interactive ? 'picker' : 'skip');
  if (mode === 'local') {
    // Asked where this run may store a secret it is handed (the picker, a key, a token, a login).
    const kind = authChoiceOf(authChoice)?.kind;
    const asks =
      opts.interactive &&
      (authChoice === 'picker' || kind === 'api_key' || kind === 'token' || kind === 'login');
    storage = await chooseStorage(env, str('storage'), asks);
  }
  if (mode === 'local' && authChoice === 'picker') {
    const { interactiveAdd } = await import('./auth/add.js');
    const added = await interactiveAdd(env, opts.hooks, opts.print);
    profiles = [{ action: 'login', profileId: added.profileId, provider: added.provider }];
  } else if (mode === 'local') {
    const { readAll } = await import('./auth/read-secret.js');
    let stdin: Promise<string> | undefined;
    const keys = Object.fromEntries(
      Object.entries(flags).filter(([k, v]) => k.endsWith('-api-key') && typeof v === 'string'),
    );
    profiles = await onboardCredentials(env, {
      authChoice,
      keys: keys as Record<string, string>,
      token: {
        provider: str('token-provider'),
        token: str('token'),
        profileId: str('token-profile-id'),
        expiresIn: str('token-expires-in'),
      },
      interactive: opts.interactive,
      readStdin: () => {
        stdin ??= readAll(process.stdin);
        return stdin;
      },
      hooks: opts.hooks,
      print: opts.print,
    });
  }
  return {
    mode,
    authChoice,
    agent: env.agentId,
    workspace: str('workspace') ?? null,
    profiles,
    ...(storage ? { storage } : {}),
    replaced: profiles.some((p) => p.action === 'stored' && p.replaced),
    leftToGateway: opts.leftToGateway,
    installDaemon: false,
    skipSkills: Boolean(flags['skip-skills']),
    skipHealth: Boolean(flags['skip-health']),
  };
}

/** Text of the summary: each profile's lines, or why nothing was stored. */
export async function renderOnboard(env: CliEnvironment, s: OnboardSummary): Promise<string> {
  if (s.mode === 'remote')
    return 'Nothing stored: with --mode remote the credentials live on the remote gateway; set them up there.';
  const where = s.storage
    ? `New secrets go to ${s.storage === 'keyring' ? 'the OS keyring' : 'the store file (0600)'} (config auth.secrets.storage).\n`
    : '';
  if (!s.profiles.length) return `${where}No credential stored (--auth-choice skip).`;
  const { renderSaved } = await import('./auth/credentials.js');
  return (
    where +
    s.profiles
      .map((p) => {
        if (p.action === 'stored') return renderSaved(env, p);
        if (p.action === 'kept')
          return `Auth profile: ${p.profileId} (${p.provider}/api_key, kept: no new key given)`;
        if (p.action === 'imported')
          return `Auth profile: ${p.profileId} (${p.provider}/oauth, from the local CLI login)`;
        return `Auth profile: ${p.profileId} (${p.provider}, logged in)`;
      })
      .join('\n')
  );
}
