import type { IssuedCredential } from '@clawdbot-auth/model-runtime';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

export interface HandOutOptions {
  provider?: string;
  profileId?: string;
  minValidMs: number;
  /** recorded as the event's cause: `token`, `exec: <command>` */
  purpose: string;
}

/** What `models auth token --json` prints: never the refresh token. */
export interface TokenDocument {
  token: string;
  type: IssuedCredential['type'];
  profileId: string;
  expiresAt?: string;
}

/**
 * The credential a request would use (or the named profile), valid for at least `minValidMs`;
 * journals `token-issued`.
 * @throws USAGE, TOKEN_TOO_SHORT, NO_CREDENTIAL, PROFILE_NOT_FOUND, PROFILE_PROVIDER_MISMATCH, PROFILE_DEAD, OAUTH_REFRESH_*
 */
export async function handOutCredential(
  env: CliEnvironment,
  opts: HandOutOptions,
  warn: (line: string) => void,
): Promise<IssuedCredential> {
  if (opts.provider === undefined && opts.profileId === undefined) {
    throw new CliError(
      'USAGE',
      'name the credential: --provider <name> (the one a request would use) or --profile-id <id>',
      'Run: clawdbot models status (to see providers and profiles)',
    );
  }
  const { issueCredential } = await import('@clawdbot-auth/model-runtime');
  const { recordAuthEvent } = await import('@clawdbot-auth/auth-store');
  const world = { ctx: env.ctx, agentId: env.agentId, loaded: env.loaded, io: { warn } };
  const issued = await issueCredential(world, {
    ...(opts.provider !== undefined ? { provider: opts.provider } : {}),
    ...(opts.profileId !== undefined ? { profileId: opts.profileId } : {}),
    minValidMs: opts.minValidMs,
  });
  const left = issued.expires === undefined ? undefined : issued.expires - env.ctx.now();
  if (left !== undefined && left < opts.minValidMs) {
    const { formatDuration } = await import('../status/text.js');
    throw new CliError(
      'TOKEN_TOO_SHORT',
      `${issued.id}: the token is valid for ${formatDuration(Math.max(0, left))} only, less than --min-valid ${formatDuration(opts.minValidMs)}`,
      issued.type === 'oauth'
        ? 'Pass a smaller --min-valid (the provider issues shorter tokens).'
        : `Replace the token: clawdbot models auth paste-token --provider ${issued.provider}`,
    );
  }
  recordAuthEvent(env.ctx, {
    event: 'token-issued',
    agent: env.agentId,
    profileId: issued.id,
    fingerprint: issued.fingerprint,
    cause: opts.purpose,
  });
  return issued;
}

/** The JSON document of `models auth token --json`. */
export function tokenDocument(issued: IssuedCredential): TokenDocument {
  return {
    token: issued.secret,
    type: issued.type,
    profileId: issued.id,
    ...(issued.expires !== undefined ? { expiresAt: new Date(issued.expires).toISOString() } : {}),
  };
}
