import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';
import { displayPath } from '../../output.js';

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
  refreshable: boolean;
  dead: boolean;
  inherited: boolean;
  cooldownUntil?: number;
  /** `cooldown` (rate limits, errors) or the disable reason (`billing`) */
  cooldownReason?: string;
}

export interface ProfileList {
  agentId: string;
  storePath: string;
  profiles: ProfileRow[];
  invalid: { path: string; message: string }[];
}

/** Every stored profile with type, source, status and fingerprint (never a secret). @throws STORE_PARSE_FAILED */
export async function listProfiles(env: CliEnvironment): Promise<ProfileList> {
  const s = await import('@clawdbot-auth/auth-store');
  const view = await s.readStore(env.ctx, env.agentId);
  const now = env.ctx.now();
  const profiles = Object.entries(view.store.profiles)
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
  return { agentId: env.agentId, storePath: view.path, profiles, invalid: view.invalid };
}

/** Text of `list`. */
export function renderProfileList(
  env: CliEnvironment,
  list: ProfileList,
  fmt: (ms: number) => string,
): string {
  const lines = [`Agent: ${list.agentId}`, `Auth file: ${displayPath(env.ctx.homedir, list.storePath)}`];
  if (!list.profiles.length) {
    lines.push('No auth profiles. Run: clawdbot models auth add (or paste-token / login --provider <id>)');
  }
  for (const p of list.profiles) {
    const expiry =
      p.remainingMs === undefined
        ? ''
        : p.remainingMs > 0
          ? ` expires in ${fmt(p.remainingMs)}`
          : ` expired ${fmt(p.remainingMs)} ago`;
    const extra = [p.email, p.inherited ? 'from main agent' : '', p.dead ? 'refresh token revoked' : '']
      .filter(Boolean)
      .join(', ');
    const why =
      p.cooldownReason === 'cooldown' || !p.cooldownReason ? 'cooldown' : `disabled: ${p.cooldownReason}`;
    const cooldown = p.cooldownUntil ? ` [${why} for ${fmt(p.cooldownUntil - env.ctx.now())}]` : '';
    lines.push(
      `- ${p.profileId} ${p.type} ${p.source} ${p.status}${expiry} ${p.redacted}${extra ? ` (${extra})` : ''}${cooldown}`,
    );
  }
  for (const i of list.invalid) lines.push(`! ${i.path}: ${i.message}`);
  return lines.join('\n');
}

/**
 * Remove a profile; a synced one (Claude Code / Codex) leaves a tombstone so sync does not
 * import the same grant again. Config `auth.profiles[id]` and `auth.order` entries go too.
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function removeProfileCmd(
  env: CliEnvironment,
  profileId: string,
): Promise<{ profileId: string; tombstone: boolean; configUpdated: boolean }> {
  const s = await import('@clawdbot-auth/auth-store');
  const view = await s.readStore(env.ctx, env.agentId);
  const cred = view.store.profiles[profileId];
  const inConfig = Boolean(env.loaded.config.auth?.profiles?.[profileId]);
  if (!cred && !inConfig) {
    throw new CliError(
      'PROFILE_NOT_FOUND',
      `Auth profile "${profileId}" not found in ${displayPath(env.ctx.homedir, view.path)}.`,
      'Run: clawdbot models auth list',
    );
  }
  const { forgetCredential } = await import('@clawdbot-auth/credentials');
  const gone = await forgetCredential(env.ctx, env.agentId, profileId);
  return { profileId, tombstone: gone.tombstone, configUpdated: inConfig };
}

/**
 * `cooldown clear` of one profile, one provider, or (no target) every profile of the agent;
 * with no usage stats at all nothing is written (not even folders). @throws STORE_PARSE_FAILED
 */
export async function clearCooldowns(
  env: CliEnvironment,
  target: { profileId?: string; provider?: string },
): Promise<{ cleared: string[] }> {
  const { clearCooldown, readStore } = await import('@clawdbot-auth/auth-store');
  const view = await readStore(env.ctx, env.agentId);
  const stats = Object.keys(view.store.usageStats ?? {});
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
