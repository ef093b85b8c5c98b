import {
  type Credential,
  fingerprint,
  mutateProfile,
  type OAuthCredential,
  oauthInKeyring,
  recordAuthEvent,
  saveRecovery,
} from '@clawdbot-auth/auth-store';
import { displayPath, logLine, type SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';
import { writeBackClaudeCode } from './write-back.js';

/**
 * What a refresh does with a rotated grant once the token server answered: save it (fenced on
 * the refresh token it spent), or put it in a recovery file when the store cannot be written;
 * put a Claude Code login back into Claude Code; journal the event.
 */

export async function save(
  ctx: SyncContext,
  agentId: string,
  profileId: string,
  next: OAuthCredential,
  spent?: string,
): Promise<void> {
  // Only the rotated fields change; a profile removed or replaced meanwhile stays as it is.
  // After a token request (`spent`: the refresh token read under the lock before it) the save
  // is fenced: a grant that changed meanwhile (this holder lost its lock while paused or cut
  // off, and another process rotated or the user logged in again) is newer and stays.
  await mutateProfile(ctx, agentId, profileId, (current: Credential | undefined) =>
    current?.type !== 'oauth' ||
    (spent !== undefined && current.refresh !== spent && current.refresh !== next.refresh)
      ? 'skip'
      : {
          ...current,
          access: next.access,
          refresh: next.refresh,
          expires: next.expires,
          ...(oauthInKeyring(next) ? { clawdbot: { ...current.clawdbot, ...next.clawdbot } } : {}),
        },
  );
}

/**
 * Saves a rotation; when the store cannot be written (read-only agent dir, full disk, a lock
 * that cannot be taken) the new grant goes to a recovery file (0600) that the next command
 * imports, and one line says where. Returns false when the store was not written.
 * @throws OAUTH_REFRESH_TRANSIENT (no recovery file could be written either)
 */
export async function saveOrRecover(
  ctx: SyncContext,
  storePath: string,
  agentId: string,
  profileId: string,
  next: OAuthCredential,
  spentRefresh: string,
): Promise<boolean> {
  try {
    await save(ctx, agentId, profileId, next, spentRefresh);
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('STORE_')) throw err;
    const why = (err as Error).message;
    const file = saveRecovery(ctx, { agentId, profileId, storePath, spentRefresh, credential: next });
    if (file === undefined) {
      throw new ClaudeSyncError(
        'OAUTH_REFRESH_TRANSIENT',
        `${profileId}: the refreshed login could not be saved (${why}) and no recovery file could be written`,
        {
          path: storePath,
          hint: `make ${displayPath(ctx, storePath)} writable, then log in again`,
          profileId,
          provider: next.provider,
        },
      );
    }
    logLine(
      ctx,
      `warning: ${profileId}: the refreshed login could not be saved (${why}); it was kept in ${displayPath(ctx, file)} (0600), and the next clawdbot command imports it once ${displayPath(ctx, storePath)} is writable`,
    );
    return false;
  }
}

/**
 * Where a refresh of `anthropic:claude-cli` was put back into Claude Code: its keychain item, its
 * credentials file, nowhere (Claude Code has no login here), or `failed` (reported, not thrown).
 */
export type WrittenBack = 'keychain' | 'file' | 'none' | 'failed';

/** What one refresh did; `writtenBack` only for the Claude Code login, when it was refreshed. */
export interface RefreshOutcome {
  cred: OAuthCredential;
  refreshed: boolean;
  writtenBack?: WrittenBack;
}

/** Puts a rotation of `anthropic:claude-cli` back into Claude Code; a failure is reported, not thrown. */
export async function writeBack(
  ctx: SyncContext,
  next: OAuthCredential,
  oldRefresh: string,
): Promise<WrittenBack> {
  try {
    return await writeBackClaudeCode(ctx, next, oldRefresh);
  } catch (err) {
    const e = err as ClaudeSyncError;
    logLine(ctx, `warning: ${e.message}${e.hint ? ` (run: ${e.hint})` : ''}`);
    return 'failed';
  }
}

/**
 * One journal record of a grant event: `generation` names the refresh token the event acted
 * on (a refresh spends it), `fingerprint` the access token in use afterwards.
 */
/**
 * Takes a rotation another holder already made (Claude Code's own refresh, another store's
 * note): saves it, journals it as adopted, and hands it back; no token request is sent.
 * @throws STORE_PARSE_FAILED, STORE_LOCK_FAILED, STORE_WRITE_FAILED
 */
export async function adopt(
  ctx: SyncContext,
  where: { agentId: string; profileId: string; store: string },
  before: OAuthCredential,
  next: OAuthCredential,
  cause: string,
): Promise<{ cred: OAuthCredential; refreshed: false }> {
  await save(ctx, where.agentId, where.profileId, next);
  journal(ctx, 'rotation-adopted', where, before, next, cause);
  return { cred: next, refreshed: false };
}

export function journal(
  ctx: SyncContext,
  event: 'refreshed' | 'rotation-adopted' | 'refresh-failed',
  where: { agentId: string; profileId: string; store: string },
  before: OAuthCredential,
  after: OAuthCredential,
  cause: string,
): void {
  recordAuthEvent(ctx, {
    event,
    agent: where.agentId,
    profileId: where.profileId,
    fingerprint: oauthInKeyring(after) ? (after.clawdbot.fingerprint ?? '') : fingerprint(after.access),
    generation: fingerprint(before.refresh),
    cause,
    store: where.store,
  });
}
