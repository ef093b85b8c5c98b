import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

/** What `models auth remove` / `logout` did (the `--json` document). */
export interface RemoveResult {
  profileId: string;
  /** false only when the user declined the confirmation of `logout` */
  removed: boolean;
  /** a synced login (Claude Code / Codex) is remembered as removed and not imported again */
  tombstone: boolean;
  /** config `auth.profiles` / `auth.order` named the profile and were pruned */
  configUpdated: boolean;
  /** its keyring item could not be deleted (what to delete by hand) */
  keyringLeft?: string;
}

/**
 * Check that a profile exists (in the agent's store or in config `auth.profiles`), so a
 * confirmation is only asked for something that can be removed.
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED
 */
export async function assertRemovable(env: CliEnvironment, profileId: string): Promise<void> {
  const { readStore } = await import('@clawdbot-auth/auth-store');
  const view = await readStore(env.ctx, env.agentId);
  if (view.store.profiles[profileId] || env.loaded.config.auth?.profiles?.[profileId]) return;
  throw new CliError(
    'PROFILE_NOT_FOUND',
    `Auth profile "${profileId}" not found in ${displayPath(env.ctx.homedir, view.path)}.`,
    `Run: clawdbot models auth list${env.agentId === 'main' ? '' : ` --agent ${env.agentId}`}`,
  );
}

/**
 * Remove a profile (`models auth remove` and `logout`) through credentials' forgetCredential: the store entry with its stored order,
 * last-good and usage stats; a synced one (Claude Code / Codex) leaves a tombstone so sync does
 * not import the same grant again. Config `auth.profiles[id]` goes, and the id leaves every
 * `auth.order` list; a list it leaves empty is deleted (an empty list would select no profile).
 * @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function removeProfileCmd(env: CliEnvironment, profileId: string): Promise<RemoveResult> {
  await assertRemovable(env, profileId);
  const { forgetCredential } = await import('@clawdbot-auth/credentials');
  const gone = await forgetCredential(env.ctx, env.agentId, profileId);
  return {
    profileId,
    removed: true,
    tombstone: gone.tombstone,
    configUpdated: gone.configUpdated,
    ...(gone.keyringLeft ? { keyringLeft: gone.keyringLeft } : {}),
  };
}

/** Text of a removal. */
export function renderRemoved(r: RemoveResult): string {
  if (!r.removed) return `Kept auth profile ${r.profileId}.`;
  const note = r.tombstone
    ? ' (not imported again, also after a token refresh, until you log in again or set auth.sync to true)'
    : '';
  return `Removed auth profile ${r.profileId}${note}`;
}
