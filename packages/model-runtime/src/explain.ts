import { applyFailure, type FailureReason, readStore } from '@clawdbot-auth/auth-store';
import { type LoadedConfig, loadConfig, resolveAgentId, splitModelRef } from '@clawdbot-auth/config-migrate';
import { type CandidatePicture, checkRefs, inspectProvider } from '@clawdbot-auth/credentials';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { type Pin, planProvider, sessionPin } from './plan.js';
import { modelChain, sessionModel } from './sessions/model.js';
import { defaultSessionKey, readSession } from './sessions/store.js';
import type { World } from './world.js';

/** What one failure of the winner would do: the next credential (or model) and the hold it gets. */
export interface FailoverStep {
  failure: 'rate_limit' | 'auth' | 'billing';
  /** the credential tried next for the same model, or undefined when the turn moves on */
  next?: string;
  /** the next model, when no credential of this one is left (or the winner is a user pin) */
  nextModel?: string;
  /** how long the winner is held back (cooldown or billing disable); absent for env/config keys */
  holdMs?: number;
  /** 401/403 on a refreshable OAuth login: one forced refresh and one retry come first */
  refreshFirst?: boolean;
}

export interface Explanation {
  agentId: string;
  sessionKey: string;
  model: string;
  provider: string;
  /** where the order came from: session pin, `auth.order`, stored order, config profiles, round robin */
  orderSource: 'session-pin' | 'store' | 'config' | 'profiles' | 'stored' | 'none';
  pin?: Pin;
  /** every candidate in try order with eligibility, reason code, time left, the fix */
  candidates: CandidatePicture[];
  /** the credentials a request tries, in order */
  tryList: string[];
  winner?: string;
  why: string;
  failover: FailoverStep[];
}

async function sessionFacts(ctx: RuntimeContext, world: World, sessionKey: string) {
  const entry = await readSession(ctx, world.agentId, sessionKey);
  return { entry, pin: sessionPin(entry) };
}

function dryRun(world: World, plan: ReturnType<typeof planProvider>, chain: string[], stats: unknown) {
  const winner = plan.tryList[0];
  const nextModel = chain[1];
  return (['rate_limit', 'auth', 'billing'] as const).map((failure): FailoverStep => {
    const step: FailoverStep = { failure };
    const next = plan.userPinned ? undefined : plan.tryList[1]?.id;
    if (next) step.next = next;
    else if (nextModel) step.nextModel = nextModel;
    if (winner?.kind === 'profile') {
      const now = world.ctx.now();
      const after = applyFailure(
        stats as Parameters<typeof applyFailure>[0],
        failure as FailureReason,
        now,
        plan.provider,
        world.loaded.config.auth?.cooldowns,
      );
      step.holdMs = Math.max(after.cooldownUntil ?? 0, after.disabledUntil ?? 0) - now;
      if (failure === 'auth' && winner.type === 'oauth' && winner.refreshable) step.refreshFirst = true;
    }
    return step;
  });
}

/**
 * The decision a turn would make, without sending anything or writing: the model, the order and
 * where it came from, every candidate with its reason code, the winner, and what a 429, a 401
 * and a billing error on the winner would do. Same planner as runTurn.
 * @throws MODEL_REF_INVALID, STORE_PARSE_FAILED, SESSIONS_PARSE_FAILED
 */
export async function explainTurn(
  ctx: RuntimeContext,
  opts: { agentId?: string; sessionKey?: string; model?: string; provider?: string; loaded?: LoadedConfig },
): Promise<Explanation> {
  const loaded = opts.loaded ?? (await loadConfig(ctx));
  const agentId = resolveAgentId(loaded.config, opts.agentId);
  const world: World = { ctx, agentId, loaded, io: { warn: () => undefined } };
  const sessionKey = opts.sessionKey?.trim() || defaultSessionKey(agentId);
  const { entry, pin } = await sessionFacts(ctx, world, sessionKey);
  const own = sessionModel(loaded.config, agentId, entry);
  let first = opts.model ? normalized(opts.model) : own;
  if (opts.provider && splitModelRef(first).provider !== opts.provider.toLowerCase()) {
    first = `${opts.provider.toLowerCase()}/${splitModelRef(first).model}`;
  }
  const { provider } = splitModelRef(first);
  const usePin = pin && splitModelRef(own).provider === provider ? pin : undefined;
  const store = await readStore(ctx, agentId);
  // Env and file references are judged as status does (unresolved_ref); no resolver process starts.
  const judged: World = { ...world, unresolvedRefs: await checkRefs(world, store) };
  const plan = planProvider(judged, store, provider, usePin, entry);
  const picture = inspectProvider(judged, store, provider, usePin);
  const winner = plan.tryList[0];
  const out: Explanation = {
    agentId,
    sessionKey,
    model: first,
    provider,
    orderSource: usePin && winner?.id === usePin.profileId ? 'session-pin' : plan.resolution.orderSource,
    candidates: picture.candidates.map((c) => ({ ...c, next: c.id === winner?.id })),
    tryList: plan.tryList.map((c) => c.id),
    why: plan.why,
    failover: dryRun(
      world,
      plan,
      modelChain(loaded.config, agentId, first),
      store.store.usageStats?.[winner?.id ?? ''],
    ),
  };
  if (usePin) out.pin = usePin;
  if (winner) out.winner = winner.id;
  return out;
}

function normalized(ref: string): string {
  const { provider, model } = splitModelRef(ref);
  return `${provider}/${model}`;
}
