import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

export interface RefreshRow {
  profileId: string;
  refreshed: boolean;
  expires?: number;
  error?: { code: string; message: string; hint?: string };
}

/**
 * Refresh OAuth profiles now, under the same per-grant lock a request takes.
 * @throws PROFILE_NOT_FOUND (nothing to refresh)
 */
export async function refreshProfiles(
  env: CliEnvironment,
  opts: { provider?: string; profileId?: string; force?: boolean },
  progress: (line: string) => void,
): Promise<{ profiles: RefreshRow[] }> {
  const { readStore } = await import('@clawdbot-auth/auth-store');
  const { refreshProfile } = await import('@clawdbot-auth/claude-sync');
  const { recoveryCommand, recoveryFor, recoveryForError } = await import('@clawdbot-auth/credentials');
  const view = await readStore(env.ctx, env.agentId);
  const ids = Object.entries(view.store.profiles)
    .filter(([id, c]) => (opts.profileId ? id === opts.profileId : c.type === 'oauth'))
    .filter(([, c]) => !opts.provider || c.provider.toLowerCase() === opts.provider)
    .map(([id]) => id);
  if (!ids.length) {
    const where = displayPath(env.ctx.homedir, view.path);
    throw new CliError(
      'PROFILE_NOT_FOUND',
      opts.profileId
        ? `Auth profile "${opts.profileId}" not found in ${where}.`
        : `No OAuth profile${opts.provider ? ` of ${opts.provider}` : ''} to refresh in ${where}.`,
      opts.profileId || !opts.provider
        ? 'Run: clawdbot models auth list'
        : `Run: ${recoveryCommand(recoveryFor({ kind: 'missing_credential', provider: opts.provider }))}`,
    );
  }
  const rows: RefreshRow[] = [];
  for (const id of ids) {
    progress(`refreshing ${id} ...`);
    try {
      const r = await refreshProfile(env.ctx, env.agentId, id, { force: opts.force });
      rows.push({ profileId: id, refreshed: r.refreshed, expires: r.expires });
    } catch (err) {
      const e = err as { code?: string; message?: string; hint?: string };
      // A revoked login: the one recovery module picks the command (the error names the profile).
      const recovery = recoveryForError(err);
      const hint = recovery ? recoveryCommand(recovery) : e.hint;
      rows.push({
        profileId: id,
        refreshed: false,
        error: {
          code: e.code ?? 'UNKNOWN',
          message: e.message ?? String(err),
          ...(hint ? { hint } : {}),
        },
      });
    }
  }
  return { profiles: rows };
}
