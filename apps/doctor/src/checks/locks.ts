import fs from 'node:fs';
import path from 'node:path';
import {
  clearLock,
  inspectLock,
  LOCK_STALE_MS,
  lockPathFor,
  type RuntimeContext,
  resolveConfigPath,
  resolveStorePath,
  tildify,
} from '../deps.js';
import type { DoctorState } from '../state.js';
import type { Check, Finding } from '../types.js';

/** The stale time of the config and store locks (a holder refreshes its lock well within it). */
const FILE_LOCK_STALE_MS = 10_000;

interface KnownLock {
  lockPath: string;
  staleMs: number;
  /** What the lock protects, for the message. */
  guards: string;
}

/** The config lock, each agent's store lock, and the per-login refresh locks in `<state>/locks`. */
async function knownLocks(ctx: RuntimeContext, state: DoctorState): Promise<KnownLock[]> {
  const config = resolveConfigPath(ctx);
  const out: KnownLock[] = [
    { lockPath: lockPathFor(config), staleMs: FILE_LOCK_STALE_MS, guards: tildify(ctx, config) },
  ];
  for (const agentId of await state.agentIds()) {
    const store = resolveStorePath(ctx, agentId);
    out.push({ lockPath: lockPathFor(store), staleMs: FILE_LOCK_STALE_MS, guards: tildify(ctx, store) });
  }
  const dir = path.join(state.stateDir, 'locks');
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.lock'));
  } catch {
    // no refresh ever ran
  }
  for (const n of names.sort()) {
    out.push({
      lockPath: path.join(dir, n),
      staleMs: LOCK_STALE_MS,
      guards: 'the refresh of one OAuth login',
    });
  }
  return out;
}

/**
 * store.lock: a lock that blocks writes for good (dated in the future: it never goes stale) or
 * that another user owns is an error or warning; one left by a process that died is noted (the
 * next writer takes it over). Clearing one is an unsafe repair (a live holder would lose it):
 * only with --force.
 */
export const locksCheck: Check = {
  id: 'store.lock',
  section: 'auth-store',
  async run(ctx, state) {
    const out: Finding[] = [];
    for (const lock of await knownLocks(ctx, state)) {
      const info = inspectLock(lock.lockPath, { staleMs: lock.staleMs });
      if (info === undefined || (info.state === 'held' && !info.foreign)) continue;
      const shown = tildify(ctx, lock.lockPath);
      const message =
        info.state === 'future'
          ? `the lock ${shown} is dated in the future (${new Date(info.mtimeMs).toISOString()}): it never expires and blocks every write to ${lock.guards}`
          : info.foreign
            ? `the lock ${shown} belongs to another user (uid ${info.ownerUid}); writes to ${lock.guards} may fail until it is gone`
            : `the lock ${shown} was left by a process that stopped; the next write to ${lock.guards} takes it over`;
      out.push({
        id: 'store.lock',
        severity: info.state === 'future' ? 'error' : info.foreign ? 'warn' : 'info',
        section: 'auth-store',
        file: lock.lockPath,
        message,
        fix: `if no clawdbot process is running: clawdbot doctor --fix --force (or: rmdir ${shown})`,
        repair: {
          describe: `remove the lock ${shown}`,
          safe: false,
          apply: async () => {
            clearLock(lock.lockPath);
          },
        },
      });
    }
    return out;
  },
};
