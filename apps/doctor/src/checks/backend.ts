import {
  clearEtcdLock,
  type EtcdLock,
  etcdDiagnostics,
  type RuntimeContext,
  resolveStoreSettings,
  storeStatus,
} from '../deps.js';
import type { Check, Finding } from '../types.js';

const STALE_WHY: Record<NonNullable<EtcdLock['stale']>, string> = {
  'no-lease': 'has no lease: it never expires (clawdbot always takes its locks with one)',
  'lease-gone': 'outlived its lease',
  'holder-dead': 'was left by a process of this host that stopped',
};

/** store.etcd-lock: a lock key that blocks refreshes on every host; removed only if unchanged. */
function lockFinding(ctx: RuntimeContext, lock: EtcdLock): Finding {
  const stale = lock.stale as NonNullable<EtcdLock['stale']>;
  const cut = lock.key.lastIndexOf('/') + 1;
  const [dir, name] = [lock.key.slice(0, cut), lock.key.slice(cut)];
  const holder = lock.holder ? ` (process ${lock.holder.pid} on ${lock.holder.host})` : '';
  const expires =
    stale === 'holder-dead'
      ? `; it expires by itself within ${lock.ttlSeconds} s`
      : '; every host waits on it';
  return {
    id: 'store.etcd-lock',
    severity: stale === 'holder-dead' ? 'warn' : 'error',
    section: 'auth-store',
    // named as <name> under <prefix>/locks/: the whole key is one long run that reads as a secret
    message: `the etcd lock ${name} under ${dir}${holder} ${STALE_WHY[stale]}${expires}`,
    fix: 'clawdbot doctor --fix (removes it only if it is still the same lock)',
    repair: {
      describe: `remove the etcd lock ${name}`,
      // no live holder can lose it: it has no lease, its lease is gone, or its process is gone
      safe: true,
      apply: async () => {
        if (!(await clearEtcdLock(ctx, lock)))
          return [`the etcd lock ${name} changed meanwhile: left in place`];
      },
    },
  };
}

/**
 * store.backend: on the etcd store, whether this host can use it: etcd answers (within the
 * bound) and has a leader, the user is let in, the key file is here and opens the sealed
 * values. Then store.etcd-lock (stale lock keys, with a repair) and store.etcd-member (a member
 * that does not answer while the others keep quorum). The file store has nothing to check here
 * (the other store checks read it).
 */
export const backendCheck: Check = {
  id: 'store.backend',
  section: 'auth-store',
  async run(ctx) {
    if ((await resolveStoreSettings(ctx)).backend !== 'etcd') return [];
    const s = await storeStatus(ctx);
    const out: Finding[] = [];
    const p = s.problem;
    if (p !== undefined) {
      const keyProblem = p.code.startsWith('STORE_KEY_');
      out.push({
        id: 'store.backend',
        severity: 'error',
        section: 'auth-store',
        ...(keyProblem && s.keyFile ? { file: s.keyFile.path } : {}),
        message: p.message,
        ...(p.hint ? { fix: p.hint } : {}),
      });
      return out;
    }
    const endpoints = (s.endpoints ?? []).join(',');
    if (s.reachable && s.leader === undefined) {
      out.push({
        id: 'store.backend',
        severity: 'error',
        section: 'auth-store',
        message: `etcd at ${(s.endpoints ?? []).join(', ')} answers but has no leader (quorum lost: ${s.members} members known); credential writes fail until a majority is back`,
        fix: `etcdctl --endpoints ${endpoints} endpoint status -w table`,
      });
      return out;
    }
    // answered a moment ago: a failure now is reported by the next run, not guessed at here
    const diag = await etcdDiagnostics(ctx).catch(() => undefined);
    for (const lock of diag?.locks ?? []) if (lock.stale !== undefined) out.push(lockFinding(ctx, lock));
    const members = diag?.members ?? [];
    const down = members.filter((m) => !m.reachable);
    for (const m of down) {
      const left = members.length - down.length;
      out.push({
        id: 'store.etcd-member',
        severity: 'warn',
        section: 'auth-store',
        message: `etcd member ${m.name} (${m.clientUrls.join(', ')}) does not answer; ${left} of ${members.length} members answer, and writes stop when fewer than ${Math.floor(members.length / 2) + 1} do`,
        fix: `etcdctl --endpoints ${m.clientUrls[0] ?? endpoints} endpoint health`,
      });
    }
    return out;
  },
};
