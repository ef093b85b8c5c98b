import { type Credential, fingerprint, removeProfile, type StoreView } from '../deps.js';
import type { DoctorState } from '../state.js';
import type { Check, Finding } from '../types.js';

/** The secret that identifies a credential's grant: the refresh token for OAuth, else the key/token. */
function grantSecret(cred: Credential): string | undefined {
  const c = cred as Record<string, unknown>;
  const s = cred.type === 'oauth' ? c['refresh'] : cred.type === 'token' ? c['token'] : c['key'];
  return typeof s === 'string' && s.trim() !== '' ? s : undefined;
}

function ownProfiles(view: StoreView): [string, Credential][] {
  return (Object.entries(view.store.profiles) as [string, Credential][]).filter(
    ([id]) => !view.inherited.has(id),
  );
}

/** consistency.duplicate-secret: one secret stored twice in an agent's store under different ids. */
export const duplicateSecretCheck: Check = {
  id: 'consistency.duplicate-secret',
  section: 'consistency',
  async run(_ctx, state) {
    const r = await state.store(await state.agentId());
    if (r.kind !== 'ok') return [];
    const byFp = new Map<string, string[]>();
    for (const [id, cred] of ownProfiles(r.view)) {
      const secret = grantSecret(cred);
      if (!secret) continue;
      const fp = fingerprint(secret);
      byFp.set(fp, [...(byFp.get(fp) ?? []), id]);
    }
    return [...byFp.entries()]
      .filter(([, ids]) => ids.length > 1)
      .map(([fp, ids]) => ({
        id: 'consistency.duplicate-secret',
        severity: 'warn',
        section: 'consistency',
        file: r.view.path,
        message: `${ids.join(' and ')} hold the same secret (#${fp}); a refresh through one leaves the other stale`,
        fix: `clawdbot models auth remove --profile-id ${ids[ids.length - 1]}`,
      }));
  },
};

interface Holder {
  agentId: string;
  profileId: string;
  path: string;
}

async function refreshHolders(state: DoctorState): Promise<Map<string, Holder[]>> {
  const byFp = new Map<string, Holder[]>();
  for (const agentId of await state.agentIds()) {
    const r = await state.store(agentId);
    if (r.kind !== 'ok') continue;
    for (const [profileId, cred] of ownProfiles(r.view)) {
      if (cred.type !== 'oauth' || !grantSecret(cred)) continue;
      const fp = fingerprint(grantSecret(cred) as string);
      byFp.set(fp, [...(byFp.get(fp) ?? []), { agentId, profileId, path: r.view.path }]);
    }
  }
  return byFp;
}

function forkFinding(state: DoctorState, fp: string, holders: Holder[], defaultAgent: string): Finding {
  const where = holders.map((h) => `${h.agentId}/${h.profileId}`).join(', ');
  const primary = holders.find((h) => h.agentId === defaultAgent);
  const copies = primary
    ? holders.filter((h) => h.agentId !== defaultAgent && h.profileId === primary.profileId)
    : [];
  const finding: Finding = {
    id: 'consistency.forked-refresh',
    severity: 'error',
    section: 'consistency',
    file: (copies[0] ?? holders[1] ?? holders[0])?.path as string,
    message: `one refresh token (#${fp}) is stored in several agents (${where}); the first refresh revokes the others`,
    fix: copies[0]
      ? `clawdbot models auth remove --agent ${copies[0].agentId} --profile-id ${copies[0].profileId}`
      : `clawdbot models auth login --agent <agent> --provider <provider> for each agent but one`,
  };
  if (copies.length > 0) {
    finding.repair = {
      describe: `removed the copies in ${copies.map((c) => c.agentId).join(', ')}; they read ${defaultAgent}'s profile through`,
      safe: false,
      apply: async () => {
        for (const c of copies) await removeProfile(state.ctx, c.agentId, c.profileId);
      },
    };
  }
  return finding;
}

/** consistency.forked-refresh: one OAuth refresh token stored in two agents' stores. */
export const forkedRefreshCheck: Check = {
  id: 'consistency.forked-refresh',
  section: 'consistency',
  async run(_ctx, state) {
    const defaultAgent = await state.agentId();
    const out: Finding[] = [];
    for (const [fp, holders] of await refreshHolders(state)) {
      if (new Set(holders.map((h) => h.agentId)).size < 2) continue;
      out.push(forkFinding(state, fp, holders, defaultAgent));
    }
    return out;
  },
};
