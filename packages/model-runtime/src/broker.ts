import { type Candidate, type CredentialType, fingerprint, readStore } from '@clawdbot-auth/auth-store';
import { candidateSecret } from './attempt.js';
import { RuntimeError } from './errors.js';
import { resolveFor } from './plan.js';
import { syncBeforeTurn } from './sync.js';
import type { World } from './world.js';

/** The credential a request would use, handed out (`models auth token` / `exec`). */
export interface IssuedCredential {
  secret: string;
  type: CredentialType;
  provider: string;
  /** profile id, env variable name or `models.providers.<p>.apiKey` */
  id: string;
  kind: Candidate['kind'];
  source: string;
  fingerprint: string;
  expires?: number;
}

export interface IssueOptions {
  provider?: string;
  profileId?: string;
  /** an OAuth access token stays valid at least this long (refreshed first otherwise) */
  minValidMs?: number;
}

function whyNot(c: Candidate): string {
  if (c.reason === 'cooldown' || c.reason === 'billing' || c.reason === 'disabled')
    return `${c.reason} until ${new Date(c.until ?? 0).toISOString()}`;
  return c.reason ?? 'unusable';
}

/**
 * The resolver's winner for a provider (what a request would send now), or the named profile,
 * with its secret: an OAuth token is refreshed first when it would expire within `minValidMs`.
 * Claude Code / Codex logins are synced first, as before a turn.
 * @throws NO_CREDENTIAL, PROFILE_NOT_FOUND, PROFILE_PROVIDER_MISMATCH, PROFILE_DEAD, OAUTH_REFRESH_*
 */
export async function issueCredential(world: World, opts: IssueOptions): Promise<IssuedCredential> {
  await syncBeforeTurn(world);
  const store = await readStore(world.ctx, world.agentId);
  const named = opts.profileId === undefined ? undefined : store.store.profiles[opts.profileId];
  if (opts.profileId !== undefined && !named) {
    throw new RuntimeError('PROFILE_NOT_FOUND', `no profile ${opts.profileId} in ${store.path}`, {
      path: store.path,
      hint: `run: clawdbot models status --agent ${world.agentId} (to list the profiles)`,
    });
  }
  const provider = (named?.provider ?? opts.provider ?? '').trim().toLowerCase();
  if (named && opts.provider !== undefined && opts.provider.trim().toLowerCase() !== provider) {
    throw new RuntimeError(
      'PROFILE_PROVIDER_MISMATCH',
      `profile ${opts.profileId} belongs to ${provider}, not to ${opts.provider}`,
      { path: store.path, hint: `drop --provider, or pick a ${opts.provider} profile` },
    );
  }
  const resolution = resolveFor(world, store, provider);
  const pick = named
    ? resolution.candidates.find((c) => c.kind === 'profile' && c.id === opts.profileId)
    : resolution.candidates.find((c) => c.usable);
  if (named && pick?.dead) {
    throw new RuntimeError(
      'PROFILE_DEAD',
      `profile ${opts.profileId} was revoked by ${provider} (marked dead)`,
      {
        path: store.path,
        hint: `log in again: clawdbot models auth login --provider ${provider}`,
      },
    );
  }
  // A named profile is handed out even in cooldown or out of the order (the user asked for it),
  // but not when it holds nothing that works.
  const empty = pick?.reason === 'empty' || pick?.reason === 'no token';
  const expired = pick?.reason === 'expired' && !pick.refreshable;
  if (!pick || (named && !pick.usable && (empty || expired))) {
    const tried = resolution.candidates.map((c) => `${c.id}: ${whyNot(c)}`).join('; ');
    throw new RuntimeError(
      'NO_CREDENTIAL',
      named
        ? `profile ${opts.profileId} has no usable credential (${pick ? whyNot(pick) : 'not found'})`
        : `no usable credential for ${provider}${tried ? ` (${tried})` : ''}`,
      { hint: 'run: clawdbot models status (then clawdbot models auth add, or set the provider key)' },
    );
  }
  const got = await candidateSecret(world, provider, store, pick, { minValidMs: opts.minValidMs });
  return {
    secret: got.secret,
    type: got.type,
    provider,
    id: pick.id,
    kind: pick.kind,
    source: pick.source,
    fingerprint: fingerprint(got.secret),
    ...(got.expires !== undefined ? { expires: got.expires } : {}),
  };
}
