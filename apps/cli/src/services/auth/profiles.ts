import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

export interface ProfileRow {
  profileId: string;
  provider: string;
  type: 'api_key' | 'token' | 'oauth';
  source: string;
  status: string;
  expiresAt?: number;
  remainingMs?: number;
  email?: string;
  fingerprint: string;
  redacted: string;
  /** where the secret lives: 'file', 'keyring', 'ref:<provider>' */
  location: string;
  refreshable: boolean;
  dead: boolean;
  inherited: boolean;
  cooldownUntil?: number;
  /** `cooldown` (rate limits, errors) or the disable reason (`billing`) */
  cooldownReason?: string;
}

export interface ProfileList {
  agentId: string;
  /** set when the list was filtered with --provider */
  provider?: string;
  storePath: string;
  profiles: ProfileRow[];
  invalid: { path: string; message: string }[];
}

/**
 * Every stored profile (of one provider, when given) with type, source, status and fingerprint,
 * never a secret. The `--json` shape is schemas/models-auth-list.schema.json. @throws STORE_PARSE_FAILED
 */
export async function listProfiles(
  env: CliEnvironment,
  opts: { provider?: string } = {},
): Promise<ProfileList> {
  const s = await import('@clawdbot-auth/auth-store');
  const view = await s.readStore(env.ctx, env.agentId);
  const now = env.ctx.now();
  const profiles = Object.entries(view.store.profiles)
    .filter(([, cred]) => !opts.provider || cred.provider.toLowerCase() === opts.provider)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, cred]): ProfileRow => {
      const dead = s.isProfileDead(view.store, id, cred);
      const h = s.profileHealth(cred, now, s.DEFAULT_WARN_MS, { dead });
      const r = s.redactCredential(cred);
      const row: ProfileRow = {
        profileId: id,
        provider: cred.provider.toLowerCase(),
        type: cred.type,
        source: s.profileSource(id),
        status: h.status,
        fingerprint: r.fingerprint,
        redacted: r.redacted,
        location: s.secretLocation(cred, env.loaded.config.secrets),
        refreshable: h.refreshable,
        dead,
        inherited: view.inherited.has(id),
      };
      if (h.expiresAt !== undefined)
        Object.assign(row, { expiresAt: h.expiresAt, remainingMs: h.expiresAt - now });
      if (cred.email) row.email = cred.email;
      const cooling = s.isInCooldown(view.store.usageStats?.[id], now);
      if (cooling) Object.assign(row, { cooldownUntil: cooling.until, cooldownReason: cooling.reason });
      return row;
    });
  const provider = opts.provider ? { provider: opts.provider } : {};
  return { agentId: env.agentId, ...provider, storePath: view.path, profiles, invalid: view.invalid };
}

/** Text of `list`. */
export function renderProfileList(
  env: CliEnvironment,
  list: ProfileList,
  fmt: (ms: number) => string,
): string {
  const lines = [`Agent: ${list.agentId}`, `Auth file: ${displayPath(env.ctx.homedir, list.storePath)}`];
  if (!list.profiles.length && list.provider) {
    lines.push(
      `No auth profiles of ${list.provider}. Run: clawdbot models auth login --provider ${list.provider} (or paste-api-key / paste-token --provider ${list.provider})`,
    );
  } else if (!list.profiles.length) {
    lines.push('No auth profiles. Run: clawdbot models auth add (or paste-token / login --provider <id>)');
  }
  for (const p of list.profiles) {
    // a revoked login reads `expired` even while its last access token still works: say both
    const expiry =
      p.remainingMs === undefined
        ? ''
        : p.remainingMs > 0
          ? p.dead
            ? ` (refresh token revoked; the access token works for ${fmt(p.remainingMs)} more)`
            : ` expires in ${fmt(p.remainingMs)}`
          : ` ${p.status === 'expired' ? 'since' : 'access token expired'} ${fmt(-p.remainingMs)} ago`;
    const revoked = p.dead && !(p.remainingMs !== undefined && p.remainingMs > 0);
    const extra = [p.email, p.inherited ? 'from main agent' : '', revoked ? 'refresh token revoked' : '']
      .filter(Boolean)
      .join(', ');
    const why =
      p.cooldownReason === 'cooldown' || !p.cooldownReason ? 'cooldown' : `disabled: ${p.cooldownReason}`;
    const cooldown = p.cooldownUntil ? ` [${why} for ${fmt(p.cooldownUntil - env.ctx.now())}]` : '';
    const where = p.location === 'file' ? '' : ` [${p.location}]`;
    lines.push(
      `- ${p.profileId} ${p.type} ${p.source} ${p.status}${expiry} ${p.redacted}${where}${extra ? ` (${extra})` : ''}${cooldown}`,
    );
  }
  for (const i of list.invalid) lines.push(`! ${i.path}: ${i.message}`);
  return lines.join('\n');
}

/**
 * `cooldown clear` of one profile, one provider, or (no target) every profile of the agent;
 * with no usage stats at all nothing is written (not even folders).
 * @throws PROFILE_NOT_FOUND (an unknown --profile-id), STORE_PARSE_FAILED
 */
export async function clearCooldowns(
  env: CliEnvironment,
  target: { profileId?: string; provider?: string },
): Promise<{ cleared: string[] }> {
  const { clearCooldown, readStore } = await import('@clawdbot-auth/auth-store');
  const view = await readStore(env.ctx, env.agentId);
  const stats = Object.keys(view.store.usageStats ?? {});
  const id = target.profileId;
  if (id && !Object.hasOwn(view.store.profiles, id) && !stats.includes(id)) {
    throw new CliError(
      'PROFILE_NOT_FOUND',
      `Auth profile "${id}" not found in ${displayPath(env.ctx.homedir, view.path)}.`,
      'Run: clawdbot models auth list',
    );
  }
  if (!stats.length) return { cleared: [] };
  if (target.profileId || target.provider)
    return { cleared: await clearCooldown(env.ctx, env.agentId, target) };
  // No flag: every profile of the agent, provider by provider (the store clears one target at a time).
  const providers = new Set(
    stats.map((id) => (view.store.profiles[id]?.provider ?? id.split(':')[0] ?? '').toLowerCase()),
  );
  const cleared: string[] = [];
  for (const provider of providers)
    cleared.push(...(await clearCooldown(env.ctx, env.agentId, { provider })));
  return { cleared };
}
