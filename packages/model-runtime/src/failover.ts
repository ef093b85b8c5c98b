import { type Candidate, readStore } from '@clawdbot-auth/auth-store';
import { splitModelRef } from '@clawdbot-auth/config-migrate';
import { type AttemptResult, attemptCandidate } from './attempt.js';
import { recordFailure, recordSuccess } from './bookkeeping.js';
import { CLAUDE_CODE_ONLY_HINT, RuntimeError } from './errors.js';
import { type Pin, type ProviderPlan, planProvider } from './plan.js';
import { type Endpoint, resolveEndpoint } from './providers/endpoint.js';
import type { SessionEntry } from './sessions/schema.js';
import type { Attempt, World } from './world.js';

export interface FailoverInput {
  /** The session's (or this turn's) model first, then the configured fallbacks. */
  models: string[];
  message: string;
  timeoutMs: number;
  /** The pin that applies to `pinProvider` (user or auto). */
  pin?: Pin;
  pinProvider?: string;
  entry?: SessionEntry;
}

export interface FailoverSuccess {
  reply: string;
  model: string;
  provider: string;
  candidate: Candidate;
  attempts: Attempt[];
}

/** What a turn carries from one attempt to the next. */
interface Run {
  world: World;
  input: FailoverInput;
  attempts: Attempt[];
  /** the last subscription credential (oauth/token) that failed, for the metered-key notice */
  subscriptionFailed?: Candidate;
  warned: boolean;
}

const isSubscription = (c: Candidate) => c.type === 'oauth' || c.type === 'token';

function skipped(model: string, provider: string, c: Candidate): Attempt {
  const until = c.until ? ` until ${new Date(c.until).toISOString()}` : '';
  const detail = `${c.reason ?? 'unusable'}${until}`;
  return { model, provider, candidate: c.id, type: c.type, source: c.source, outcome: 'skipped', detail };
}

function recordAttempt(run: Run, ref: string, provider: string, c: Candidate, r: AttemptResult): void {
  const attempt: Attempt = {
    model: ref,
    provider,
    candidate: c.id,
    type: c.type,
    source: c.source,
    outcome: r.ok ? 'ok' : r.kind,
  };
  if (r.status !== undefined) attempt.status = r.status;
  if (r.refreshed) attempt.refreshed = true;
  if (!r.ok) attempt.detail = r.detail;
  run.attempts.push(attempt);
}

/** Says once per turn that failover left a subscription for a key billed per token. */
function noticeMetered(run: Run, c: Candidate): void {
  const from = run.subscriptionFailed;
  if (!from || run.warned || c.type !== 'api_key') return;
  run.warned = true;
  run.world.io.warn(
    `${from.id} (${from.type}) is unavailable; falling back to the metered API key ${c.id}: usage is billed per token`,
  );
}

/** A failure that ends the turn at once, whatever else is left to try. */
function fatal(
  run: Run,
  ref: string,
  provider: string,
  c: Candidate,
  r: Extract<AttemptResult, { ok: false }>,
) {
  const { attempts } = run;
  if (r.kind === 'claude_code_only') {
    return new RuntimeError(
      'CLAUDE_CODE_ONLY_CREDENTIAL',
      `${c.id} (${c.source}) is only authorized for use with Claude Code and cannot call the API`,
      { hint: CLAUDE_CODE_ONLY_HINT, attempts },
    );
  }
  if (r.kind === 'format') {
    // Not the credential's fault, and it would fail with every other one: no cooldown, no rotation.
    return new RuntimeError('REQUEST_FORMAT', `${ref} rejected the request (HTTP ${r.status}): ${r.detail}`, {
      hint: `check the model id (${ref}) and models.providers.${provider} in clawdbot.json`,
      attempts,
    });
  }
  return undefined;
}

/** Tries the planned credentials of one model; undefined when all of them failed. */
async function tryModel(
  run: Run,
  ref: string,
  endpoint: Endpoint,
  plan: ProviderPlan,
  store: Awaited<ReturnType<typeof readStore>>,
) {
  const { provider, model } = splitModelRef(ref);
  for (const c of plan.tryList) {
    noticeMetered(run, c);
    const input = {
      endpoint,
      model,
      message: run.input.message,
      timeoutMs: run.input.timeoutMs,
      store,
      candidate: c,
    };
    const r = await attemptCandidate(run.world, input);
    recordAttempt(run, ref, provider, c, r);
    if (r.ok) {
      if (c.kind === 'profile') await recordSuccess(run.world, c.id);
      return { reply: r.text, model: ref, provider, candidate: c, attempts: run.attempts };
    }
    const stop = fatal(run, ref, provider, c, r);
    if (stop) throw stop;
    if (c.kind === 'profile' && r.kind !== 'claude_code_only' && r.kind !== 'format')
      await recordFailure(run.world, c.id, r.kind);
    if (isSubscription(c)) run.subscriptionFailed = c;
    if (plan.userPinned) return undefined; // a user pin is never rotated away: next model
  }
  return undefined;
}

/**
 * Tries each model in turn and, per model, the planned credentials (spec 05 failover table).
 * @throws CLAUDE_CODE_ONLY_CREDENTIAL, REQUEST_FORMAT, NO_CREDENTIAL, FAILOVER_EXHAUSTED
 */
export async function runFailover(world: World, input: FailoverInput): Promise<FailoverSuccess> {
  const run: Run = { world, input, attempts: [], warned: false };
  for (const ref of input.models) {
    const { provider } = splitModelRef(ref);
    const endpoint = resolveEndpoint(world.ctx, world.loaded.config, provider);
    if (!endpoint) {
      const detail = `no API known for provider ${provider} (set models.providers.${provider}.api and baseUrl)`;
      run.attempts.push({ model: ref, provider, outcome: 'skipped', detail });
      continue;
    }
    // Re-read per model: other processes' cooldowns and our own marks count.
    const store = await readStore(world.ctx, world.agentId);
    const plan = planProvider(
      world,
      store,
      provider,
      input.pinProvider === provider ? input.pin : undefined,
      input.entry,
    );
    for (const c of plan.resolution.candidates) {
      if (!c.usable && c.reason !== 'not in order') run.attempts.push(skipped(ref, provider, c));
    }
    if (plan.tryList.length === 0) {
      const detail = plan.userPinned ? plan.why : `no usable credential for ${provider}`;
      run.attempts.push({ model: ref, provider, outcome: 'skipped', detail });
    }
    const ok = await tryModel(run, ref, endpoint, plan, store);
    if (ok) return ok;
  }
  throw exhausted(input.models, run.attempts);
}

function exhausted(models: string[], attempts: Attempt[]): RuntimeError {
  // The message is one line; each attempt is a line of its own (`details`), then the hint.
  const n = `${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'}`;
  if (!attempts.some((a) => a.outcome !== 'skipped')) {
    return new RuntimeError('NO_CREDENTIAL', `no usable credential for ${models.join(', ')} (${n}):`, {
      hint: 'run: clawdbot models status (then clawdbot models auth add, or set ANTHROPIC_API_KEY)',
      attempts,
    });
  }
  return new RuntimeError('FAILOVER_EXHAUSTED', `every model and credential failed (${n}):`, {
    hint: 'run: clawdbot models status (cooldowns clear with: clawdbot models auth cooldown clear)',
    attempts,
  });
}
