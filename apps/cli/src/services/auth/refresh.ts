import { displayPath, hintLine } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

export interface RefreshRow {
  profileId: string;
  refreshed: boolean;
  expires?: number;
  /** the Claude Code login only: where the new tokens were put back (keychain, file, none, failed) */
  writtenBack?: 'keychain' | 'file' | 'none' | 'failed';
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
  const { refreshProfile, syncExternalCredentials } = await import('@clawdbot-auth/claude-sync');
  // Claude Code's and Codex's current logins first, as status sees them (so `anthropic:claude-cli`
  // is there to refresh, and a rotation Claude Code made is adopted rather than refreshed again)
  const synced = await syncExternalCredentials({ ...env.ctx, log: progress }, env.agentId);
  const { recoveryCommand, recoveryFor, recoveryForError } = await import('@clawdbot-auth/credentials');
  const view = synced.view ?? (await readStore(env.ctx, env.agentId));
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
      rows.push({
        profileId: id,
        refreshed: r.refreshed,
        expires: r.expires,
        ...(r.writtenBack ? { writtenBack: r.writtenBack } : {}),
      });
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

/** What `refresh` prints for one row: stdout for what was done, stderr (`error`) for a failure. */
export function renderRefreshRow(
  env: CliEnvironment,
  r: RefreshRow,
  formatDuration: (ms: number) => string,
  claudeFile: string,
): { out?: string; error?: string } {
  if (r.error) {
    // the message usually names the profile already: say it once
    const msg = r.error.message.includes(r.profileId)
      ? r.error.message
      : `${r.profileId}: ${r.error.message}`;
    return { error: `${msg}${r.error.hint ? `\n${hintLine(r.error.hint)}` : ''}` };
  }
  const left = r.expires ? `, expires in ${formatDuration(r.expires - env.ctx.now())}` : '';
  const done = r.refreshed ? 'refreshed' : 'still valid (use --force to refresh now)';
  const back: Record<NonNullable<RefreshRow['writtenBack']>, string> = {
    keychain: '; written back to Claude Code (its keychain item)',
    file: `; written back to Claude Code (${displayPath(env.ctx.homedir, claudeFile)})`,
    none: '; Claude Code has no login here, nothing written back',
    failed: '; NOT written back to Claude Code (see the warning above)',
  };
  return { out: `${r.profileId} ${done}${left}${r.writtenBack ? back[r.writtenBack] : ''}` };
}
