import { resolveStoreSettings, storeStatus } from '../deps.js';
import type { Check, Finding } from '../types.js';

/**
 * store.backend: on the etcd store, whether this host can use it: etcd answers (within the
 * bound) and has a leader, the user is let in, the key file is here and opens the sealed
 * values. The file store has nothing to check here (the other store checks read it).
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
    } else if (s.reachable && s.leader === undefined) {
      out.push({
        id: 'store.backend',
        severity: 'error',
        section: 'auth-store',
        message: `etcd at ${(s.endpoints ?? []).join(', ')} answers but has no leader (quorum lost: ${s.members} members known); credential writes fail until a majority is back`,
        fix: `etcdctl --endpoints ${(s.endpoints ?? []).join(',')} endpoint status -w table`,
      });
    }
    return out;
  },
};
