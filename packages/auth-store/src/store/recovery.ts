import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { ensureDir, writeNewFile } from '@clawdbot-auth/fs-safe';
import { type StoreBackend, storeBackend } from '../backend/index.js';
import { fingerprint } from '../policy/redact.js';
import type { OAuthCredential } from '../schema.js';
import { isPlainObject } from './parse-store.js';
import { DEFAULT_AGENT_ID, resolveAgentDir } from './paths.js';
import { UNCHANGED } from './store-file.js';

/**
 * Recovery files (invariant 9): a refresh whose rotation could not be saved (read-only agent
 * dir, full disk, lock not takeable) writes the new grant here instead of losing it, since the
 * refresh token it spent will never work again. The next command that reads the store imports
 * it under the store lock.
 */
const PREFIX = 'auth-recovery-';

interface RecoveryNote {
  version: 1;
  agentId: string;
  profileId: string;
  /** The store the grant belongs in. */
  storePath: string;
  /** Fingerprint of the refresh token the rotation spent: the stored entry it replaces. */
  spent: string;
  access: string;
  refresh: string;
  expires: number;
  at: number;
}

/**
 * Where a recovery file may go, in order: beside the store, `<state>/recovery`, then a
 * private directory under the system temp dir.
 */
export function recoveryDirs(ctx: RuntimeContext, agentId: string): string[] {
  const uid = process.getuid?.() ?? 'user';
  const tmp = ctx.env.TMPDIR && path.isAbsolute(ctx.env.TMPDIR) ? ctx.env.TMPDIR : os.tmpdir();
  return [
    resolveAgentDir(ctx, agentId),
    path.join(resolveStateDir(ctx), 'recovery'),
    path.join(tmp, `clawdbot-recovery-${uid}`),
  ];
}

/** A directory we may trust with a secret: ours, not readable by others. */
function privateDir(dir: string): boolean {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined || !st.isDirectory()) return false;
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
}

/**
 * Writes a rotated grant that could not be saved to the first writable recovery directory
 * (0600, fsynced). Returns the file written, or undefined when no directory took it.
 * @throws never
 */
export function saveRecovery(
  ctx: RuntimeContext,
  what: {
    agentId: string;
    profileId: string;
    storePath: string;
    spentRefresh: string;
    credential: OAuthCredential;
  },
): string | undefined {
  const note: RecoveryNote = {
    version: 1,
    agentId: what.agentId,
    profileId: what.profileId,
    storePath: what.storePath,
    spent: fingerprint(what.spentRefresh),
    access: what.credential.access,
    refresh: what.credential.refresh,
    expires: what.credential.expires,
    at: ctx.now(),
  };
  const name = `${PREFIX}${what.agentId}-${what.profileId.replace(/[^a-z0-9._-]/gi, '_')}-${ctx.now()}.json`;
  for (const [i, dir] of recoveryDirs(ctx, what.agentId).entries()) {
    try {
      if (i > 0) ensureDir(dir);
      if (i === 2 && !privateDir(dir)) continue;
      let file = path.join(dir, name);
      for (let n = 1; !writeNewFile(file, `${JSON.stringify(note, null, 2)}\n`); n++) {
        file = path.join(dir, name.replace(/\.json$/, `-${n}.json`));
      }
      return file;
    } catch {
      // not writable either: try the next place
    }
  }
  return undefined;
}

function readNote(file: string): RecoveryNote | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (!isPlainObject(v) || v.version !== 1) return undefined;
    const ok =
      ['agentId', 'profileId', 'storePath', 'spent', 'access', 'refresh'].every(
        (k) => typeof v[k] === 'string',
      ) && typeof v.expires === 'number';
    return ok ? (v as unknown as RecoveryNote) : undefined;
  } catch {
    return undefined;
  }
}

/** Puts the note's grant into the agent's store while its entry still holds the spent refresh token. */
async function applyNote(
  backend: StoreBackend,
  agentId: string,
  note: RecoveryNote,
): Promise<'applied' | 'superseded' | 'absent'> {
  let outcome: 'applied' | 'superseded' | 'absent' = 'absent';
  await backend.update(agentId, (raw) => {
    const cur = isPlainObject(raw.profiles) ? raw.profiles[note.profileId] : undefined;
    outcome = isPlainObject(cur) ? 'superseded' : 'absent';
    if (!isPlainObject(cur) || cur.type !== 'oauth' || typeof cur.refresh !== 'string') return UNCHANGED;
    if (fingerprint(cur.refresh) !== note.spent) return UNCHANGED;
    Object.assign(cur, { access: note.access, refresh: note.refresh, expires: note.expires });
    // A keyring-held login whose item could not take the rotation: the tokens are in the entry
    // now, and the item (holding the spent ones) is left for `secrets migrate` / remove to delete.
    const extras = cur.clawdbot;
    if (isPlainObject(extras) && isPlainObject(extras.keyring)) {
      const { keyring, fingerprint: _f, ...rest } = extras;
      cur.clawdbot = { ...rest, staleKeyring: keyring };
    }
    outcome = 'applied';
  });
  return outcome;
}

/**
 * Imports the recovery files of an agent into its store (and the default agent's, for a
 * read-through profile), each under the store lock: the entry is updated only while it still
 * holds the refresh token the rotation spent; then the file is removed. A store that is still
 * not writable leaves the file for the next command and returns a warning line.
 * @throws never
 */
export async function importRecoveries(
  ctx: RuntimeContext,
  agentId: string,
): Promise<{ imported: string[]; warnings: string[] }> {
  const out = { imported: [] as string[], warnings: [] as string[] };
  // the entry lives in the agent's own store, or (read-through) in the default agent's
  const stores = [...new Set([agentId, DEFAULT_AGENT_ID])];
  let backend: StoreBackend | undefined;
  for (const dir of recoveryDirs(ctx, agentId)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.startsWith(`${PREFIX}${agentId}-`) && n.endsWith('.json'));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = path.join(dir, name);
      const note = readNote(file);
      if (note === undefined || note.agentId !== agentId) continue;
      try {
        backend ??= await storeBackend(ctx);
        for (const store of stores) if ((await applyNote(backend, store, note)) !== 'absent') break;
        // applied, or the entry moved on (logged in again, removed): the note has done its job
        fs.rmSync(file, { force: true });
        out.imported.push(file);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        out.warnings.push(
          `${file}: a refreshed login for ${note.profileId} waits here until ${note.storePath} can be written (${why})`,
        );
      }
    }
  }
  return out;
}
