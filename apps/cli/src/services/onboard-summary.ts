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
  const authChoice = str('auth-choice') ?? (opts.interactive ? 'picker' : 'skip');
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
  if (!s.profiles.length) return 'No credential stored (--auth-choice skip).';
  const { renderSaved } = await import('./auth/credentials.js');
  return s.profiles
    .map((p) => {
      if (p.action === 'stored') return renderSaved(env, p);
      if (p.action === 'kept')
        return `Auth profile: ${p.profileId} (${p.provider}/api_key, kept: no new key given)`;
      if (p.action === 'imported')
        return `Auth profile: ${p.profileId} (${p.provider}/oauth, from the local CLI login)`;
      return `Auth profile: ${p.profileId} (${p.provider}, logged in)`;
    })
    .join('\n');
}
