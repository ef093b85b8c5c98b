import { isSyncedProfileId, providerEntry } from './catalog.js';

/** What to run to fix a credential problem, and why that fixes it. Commands never hold a secret. */
export interface Recovery {
  /** commands to run, in order */
  run: string[];
  why: string;
  /** a variable that would also do (set it in ~/.clawdbot/.env or the environment) */
  env?: string;
}

/** The problems a recovery is known for; reason codes of inspectAgent map onto these. */
export type RecoveryProblem =
  | { kind: 'missing_credential'; provider: string; profileId?: string }
  | { kind: 'refresh_dead' | 'expired' | 'expiring'; provider: string; profileId: string; type: string }
  | { kind: 'cooldown' | 'disabled_billing'; provider: string; profileId: string }
  | { kind: 'excluded_by_auth_order'; provider: string; profileId: string; order: readonly string[] }
  | { kind: 'ineligible_profile' | 'invalid_expires' | 'unresolved_ref'; provider: string; profileId: string }
  | { kind: 'tombstoned'; provider: string; profileId: string };

const AUTH = 'clawdbot models auth';

/** The command that gives a provider a credential of its own. */
function newCredential(provider: string): string {
  return providerEntry(provider).login
    ? `${AUTH} login --provider ${provider}`
    : `${AUTH} paste-token --provider ${provider}`;
}

function missing(provider: string, profileId?: string): Recovery {
  const entry = providerEntry(provider);
  if (profileId && entry.synced?.profileId === profileId) {
    return {
      run: [...entry.synced.relogin],
      why: `${profileId} is filled from the ${entry.synced.from} login`,
    };
  }
  return {
    run: [newCredential(provider)],
    why: `no usable ${provider} credential${profileId ? ` is stored for ${profileId}` : ''}`,
    env: entry.keyVar,
  };
}

/** A stored credential that can no longer be used: log in again the way it was made. */
function relogin(provider: string, profileId: string, type: string, why: string): Recovery {
  const synced = providerEntry(provider).synced;
  if (synced?.profileId === profileId) {
    return {
      run: [...synced.relogin],
      why: `${why}; a new ${synced.from} login is imported as ${profileId}`,
    };
  }
  if (type === 'token' || type === 'api_key') {
    return { run: [`${AUTH} paste-token --provider ${provider} --profile-id ${profileId}`], why };
  }
  return { run: [newCredential(provider)], why };
}

/**
 * The one recovery of a credential problem, used by status, refresh, doctor, the runtime and
 * `--json` errors alike. @throws never
 */
export function recoveryFor(p: RecoveryProblem): Recovery {
  switch (p.kind) {
    case 'missing_credential':
      return missing(p.provider, p.profileId);
    case 'refresh_dead':
      return relogin(p.provider, p.profileId, p.type, 'the refresh token was revoked');
    case 'expired':
      return relogin(p.provider, p.profileId, p.type, 'the credential expired');
    case 'expiring':
      // a token without a refresh token (setup-token, pasted): only a new one keeps it working
      return relogin(p.provider, p.profileId, p.type, 'it expires soon and cannot refresh itself');
    case 'cooldown':
    case 'disabled_billing':
      return {
        run: [`${AUTH} cooldown clear --profile-id ${p.profileId}`],
        why:
          p.kind === 'cooldown'
            ? 'recent failures put it on hold'
            : 'the provider reported a billing problem',
      };
    case 'excluded_by_auth_order':
      return {
        run: [`${AUTH} order set --provider ${p.provider} ${[p.profileId, ...p.order].join(' ')}`],
        why: p.order.length ? `the order lists only ${p.order.join(', ')}` : 'the order leaves it out',
      };
    case 'tombstoned':
      return relogin(p.provider, p.profileId, 'oauth', 'you removed this login');
    case 'unresolved_ref':
      // Nothing to log in again: the reference or its provider in clawdbot.json needs fixing.
      return {
        run: ['clawdbot models status --check'],
        why: 'fix its keyRef/tokenRef or secrets.providers in clawdbot.json, then check again',
      };
    case 'invalid_expires':
    case 'ineligible_profile':
      return {
        run: isSyncedProfileId(p.profileId)
          ? ['clawdbot doctor']
          : [`${AUTH} remove --profile-id ${p.profileId}`, newCredential(p.provider)],
        why:
          p.kind === 'invalid_expires'
            ? 'its expiry is not a valid time'
            : 'its stored type does not match the config mode',
      };
  }
}

/** The commands as one line: `a, then: b`. */
export function recoveryCommand(r: Recovery): string {
  return r.run.join(', then: ');
}

/** One line for text output: the commands, and the variable that would also do. */
export function recoveryLine(r: Recovery): string {
  const first = r.run.map((c) => `\`${c}\``).join(' then ');
  return r.env ? `Run ${first} or set ${r.env}.` : `Run ${first}.`;
}

/**
 * The recovery of a package error that names a profile (claude-sync's OAUTH_REFRESH_REVOKED),
 * undefined for errors that carry their own hint. @throws never
 */
export function recoveryForError(err: unknown): Recovery | undefined {
  const e = err as { code?: unknown; profileId?: unknown; provider?: unknown } | undefined;
  if (e?.code !== 'OAUTH_REFRESH_REVOKED' || typeof e.profileId !== 'string') return undefined;
  const provider = typeof e.provider === 'string' ? e.provider : (e.profileId.split(':')[0] ?? '');
  return recoveryFor({ kind: 'refresh_dead', provider, profileId: e.profileId, type: 'oauth' });
}
