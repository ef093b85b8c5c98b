import fs from 'node:fs';
import { fingerprint, type OAuthCredential, readStore } from '@clawdbot-auth/auth-store';
import { writeFileAtomic } from '@clawdbot-auth/fs-safe';
import type { SyncContext } from './context.js';
import { type GrantIdentity, identityLockPath } from './identity-lock.js';

/**
 * Upstream copied the main agent's store into every new agent, so one grant (and its
 * single-use refresh token) can sit in several stores. The identity lock serialises their
 * refreshes, but the second caller re-reads only its own store and would spend the
 * already-used refresh token (invalid_grant, profile dead). So the winner leaves a note
 * next to the lock, without secrets: which refresh token it replaced and where the
 * rotated grant now lives. A later holder of that old token adopts the rotation.
 */
interface RotationRecord {
  from: string; // fingerprint of the refresh token that was spent
  agentId: string;
  profileId: string;
  at: number;
}

function recordPath(ctx: SyncContext, id: GrantIdentity): string {
  return identityLockPath(ctx, id).replace(/\.lock$/, '.rotated.json');
}

/** Notes (under the grant's lock) that `spent` was rotated into agent/profile. */
export function noteRotation(
  ctx: SyncContext,
  id: GrantIdentity,
  spent: string,
  where: { agentId: string; profileId: string },
): void {
  const rec: RotationRecord = { from: fingerprint(spent), ...where, at: ctx.now() };
  try {
    writeFileAtomic(recordPath(ctx, id), `${JSON.stringify(rec)}\n`);
  } catch {
    // Best effort: without the note a forked copy can still die, as before.
  }
}

/** The rotation of `cred`'s refresh token saved elsewhere, if one was noted and is still there. */
export async function findNotedRotation(
  ctx: SyncContext,
  id: GrantIdentity,
  cred: OAuthCredential,
  self: { agentId: string; profileId: string },
): Promise<OAuthCredential | undefined> {
  let rec: RotationRecord;
  try {
    rec = JSON.parse(fs.readFileSync(recordPath(ctx, id), 'utf8')) as RotationRecord;
  } catch {
    return undefined;
  }
  if (rec.from !== fingerprint(cred.refresh)) return undefined;
  if (rec.agentId === self.agentId && rec.profileId === self.profileId) return undefined;
  const other = (await readStore(ctx, rec.agentId)).store.profiles[rec.profileId];
  if (other?.type !== 'oauth' || other.refresh === cred.refresh) return undefined;
  // A keyring-held entry names its tokens by reference: copied here they would name nothing.
  if (other.clawdbot?.keyring) return undefined;
  return { ...cred, access: other.access, refresh: other.refresh, expires: other.expires };
}
