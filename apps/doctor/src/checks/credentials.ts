import {
  type ClawdbotConfig,
  type Credential,
  isProfileDead,
  profileHealth,
  providersInUse,
  resolveProvider,
  type StoreView,
} from '../deps.js';
import { formatRemaining, missingAlternatives, missingFix, reloginFix } from '../fixes.js';
import type { DoctorState, StoreResult } from '../state.js';
import type { Check, Finding } from '../types.js';

function profileFindings(view: StoreView, provider: string, now: number, hasUsable: boolean): Finding[] {
  const out: Finding[] = [];
  for (const [id, cred] of Object.entries(view.store.profiles) as [string, Credential][]) {
    if (cred.provider.toLowerCase() !== provider) continue;
    const h = profileHealth(cred, now, undefined, { dead: isProfileDead(view.store, id, cred) });
    const base = {
      section: 'credentials' as const,
      file: view.path,
      fix: reloginFix(provider, id, cred.type, h.dead),
    };
    if (h.dead) {
      out.push({
        ...base,
        id: 'credentials.dead',
        severity: 'error',
        message: `${id}: the refresh token was revoked; no refresh will be tried until you log in again`,
      });
    } else if (h.status === 'expired') {
      out.push({
        ...base,
        id: 'credentials.expired',
        severity: hasUsable ? 'warn' : 'error',
        message: `${id} (${cred.type}) expired ${formatRemaining(Math.abs(h.remainingMs ?? 0))} ago`,
      });
    } else if (h.status === 'expiring') {
      out.push({
        ...base,
        id: 'credentials.expiring',
        severity: 'warn',
        message: `${id} (${cred.type}) expires in ${formatRemaining(Math.abs(h.remainingMs ?? 0))} and cannot refresh itself`,
      });
    }
  }
  return out;
}

async function providerFindings(
  state: DoctorState,
  provider: string,
  config: ClawdbotConfig,
): Promise<Finding[]> {
  const ctx = state.ctx;
  const r = await state.store(await state.agentId());
  if (r.kind !== 'ok') return [];
  const loaded = { config, env: (await state.config()).env };
  const { candidates } = resolveProvider({ ctx, loaded }, r.view, provider);
  const usable = candidates.some((c) => c.usable);
  const out = profileFindings(r.view, provider, ctx.now(), usable);
  if (candidates.length === 0) {
    out.push({
      id: 'credentials.missing',
      severity: 'error',
      section: 'credentials',
      message: `${provider} is in use (a configured model) but has no credential: no profile, no environment variable, no config key${missingAlternatives(provider)}`,
      fix: missingFix(provider),
    });
  } else if (!usable && out.every((f) => f.severity !== 'error') && !candidates.some(isWaiting)) {
    const why = candidates.map((c) => `${c.id}: ${c.reason ?? 'unusable'}`).join('; ');
    out.push({
      id: 'credentials.unusable',
      severity: 'error',
      section: 'credentials',
      message: `${provider} has no usable credential (${why})`,
      fix: missingFix(provider),
    });
  }
  return out;
}

/** Never "ok" for what was not looked at: say the store could not be read (or waits for an import). */
function notChecked(agentId: string, r: Exclude<StoreResult, { kind: 'ok' }>): Finding {
  const base = { id: 'credentials.not-checked', section: 'credentials' as const };
  if (r.kind === 'legacy-pending')
    return {
      ...base,
      severity: 'info',
      message: `credentials not checked: agent ${agentId}'s legacy credential files wait for import (see Legacy files)`,
      fix: 'clawdbot doctor --yes',
    };
  return {
    ...base,
    severity: 'warn',
    ...(r.error.path ? { file: r.error.path } : {}),
    message: `credentials not checked: could not read agent ${agentId}'s auth store (${r.error.code}, see Auth store)`,
    ...(r.error.hint ? { fix: r.error.hint } : {}),
  };
}

/** A profile in cooldown or disabled comes back by itself; consistency.cooldown reports it. */
const isWaiting = (c: { reason?: string }) => /cooldown|billing|disabled/.test(c.reason ?? '');

/** credentials.*: each provider in use has a usable credential; expired, expiring and dead ones. */
export const credentialsCheck: Check = {
  id: 'credentials',
  section: 'credentials',
  async run(_ctx, state) {
    const config = (await state.loadedConfig())?.config ?? ({} as ClawdbotConfig);
    const agentId = await state.agentId();
    const r = await state.store(agentId);
    if (r.kind !== 'ok') return [notChecked(agentId, r)];
    const out: Finding[] = [];
    for (const provider of providersInUse(config))
      out.push(...(await providerFindings(state, provider, config)));
    return out;
  },
};
