import {
  type OAuthCredential,
  type OAuthTokens,
  saveRecovery,
  sealOAuth,
  writeOAuthTokens,
} from '@clawdbot-auth/auth-store';
import { displayPath, logLine, type SyncContext } from './context.js';

/**
 * A refresh of a login whose tokens are in the OS keyring: the rotated tokens go to its item
 * (read back) while the refresh still holds the login's lock, and the entry then names them by
 * reference. The request already spent the old refresh token, so an item that cannot be written
 * (keyring locked or gone) must not lose the rotation: it goes to a recovery file, which the next
 * command imports into the store file (the item noted as stale), and a warning says so.
 */

/** Writes a rotation into the login's keyring item; undefined (and a recovery file) when it cannot. */
export async function sealRotation(
  ctx: SyncContext,
  w: { agentId: string; profileId: string; storePath: string; cred: OAuthCredential },
  plain: OAuthCredential,
  fresh: OAuthTokens,
): Promise<{ stored?: OAuthCredential; recovered?: OAuthCredential }> {
  const at = w.cred.clawdbot?.keyring;
  if (!at) return { stored: plain };
  try {
    await writeOAuthTokens(at, fresh);
    return { stored: sealOAuth(plain, at, fresh) };
  } catch (err) {
    const why = (err as Error).message;
    const { keyring: _k, fingerprint: _f, ...extras } = plain.clawdbot ?? {};
    // The tokens in hand, the item (with the spent ones) noted for deletion.
    const recovered: OAuthCredential = { ...plain, clawdbot: { ...extras, staleKeyring: at } };
    const file = saveRecovery(ctx, {
      agentId: w.agentId,
      profileId: w.profileId,
      storePath: w.storePath,
      spentRefresh: w.cred.refresh,
      credential: recovered,
    });
    if (file === undefined) throw err;
    logLine(
      ctx,
      `warning: ${w.profileId}: the refreshed login could not be written to the keyring (${why}); it was kept in ${displayPath(ctx, file)} (0600), and the next clawdbot command puts it in the store file (move it back with: clawdbot secrets migrate --to keyring)`,
    );
    return { recovered };
  }
}
