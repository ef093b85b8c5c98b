import { type Candidate, readStore } from '@clawdbot-auth/auth-store';
import { splitModelRef } from '@clawdbot-auth/config-migrate';
import { attemptCandidate } from './attempt.js';
import { recordFailure, recordSuccess } from './bookkeeping.js';
import { CLAUDE_CODE_ONLY_HINT, RuntimeError } from './errors.js';
import { type Pin, planProvider } from './plan.js';
import { resolveEndpoint } from './providers/endpoint.js';
import type { SessionEntry } from './sessions/schema.js';
import { type Attempt, describeAttempt, type World } from './world.js';

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

const subscription = (c: Candidate) => c.type === 'oauth' || c.type === 'token';

function skipped(model: string, provider: string, c: Candidate): Attempt {
  const until = c.until ? ` until ${new Date(c.until).toISOString()}` : '';
  return {
    model,
    provider,
    candidate: c.id,
    type: c.type,
    source: c.source,
    outcome: 'skipped',
    detail: `${c.reason ?? 'unusable'}${until}`,
  };
}

/**
 * Tries each model in turn and, per model, the planned credentials (spec 05 failover table).
 * @throws CLAUDE_CODE_ONLY_CREDENTIAL, REQUEST_FORMAT, NO_CREDENTIAL, FAILOVER_EXHAUSTED
 */
export async function runFailover(world: World, input: FailoverInput): Promise<FailoverSuccess> {
  const attempts: Attempt[] = [];
  let subscriptionFailed: Candidate | undefined;
  let warned = false;
  for (const ref of input.models) {
    const { provider, model } = splitModelRef(ref);
    const endpoint = resolveEndpoint(world.ctx, world.loaded.config, provider);
    if (!endpoint) {
      attempts.push({
        model: ref,
        provider,
        outcome: 'skipped',
        detail: `no API known for provider ${provider} (set models.providers.${provider}.api and baseUrl)`,
      });
      continue;
    }
    const store = await readStore(world.ctx, world.agentId);
    const pin = input.pinProvider === provider ? input.pin : undefined;
    const plan = planProvider(world, store, provider, pin, input.entry);
    for (const c of plan.resolution.candidates) {
      if (!c.usable && c.reason !== 'not in order') attempts.push(skipped(ref, provider, c));
    }
    if (plan.tryList.length === 0) {
      attempts.push({
        model: ref,
        provider,
        outcome: 'skipped',
        detail: plan.userPinned ? plan.why : `no usable credential for ${provider}`,
      });
    }
    for (const c of plan.tryList) {
      if (subscriptionFailed && !warned && c.type === 'api_key') {
        warned = true;
        world.io.warn(
          `${subscriptionFailed.id} (${subscriptionFailed.type}) is unavailable; falling back to the metered API key ${c.id}: usage is billed per token`,
        );
      }
      const r = await attemptCandidate(world, {
        endpoint,
        model,
        message: input.message,
        timeoutMs: input.timeoutMs,
        store,
        candidate: c,
      });
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
      attempts.push(attempt);
      if (r.ok) {
        if (c.kind === 'profile') await recordSuccess(world, c.id);
        return { reply: r.text, model: ref, provider, candidate: c, attempts };
      }
      if (r.kind === 'claude_code_only') {
        throw new RuntimeError(
          'CLAUDE_CODE_ONLY_CREDENTIAL',
          `${c.id} (${c.source}) is only authorized for use with Claude Code and cannot call the API`,
          { hint: CLAUDE_CODE_ONLY_HINT, attempts },
        );
      }
      if (r.kind === 'format') {
        // Not the credential's fault and it would fail with every other one: no cooldown, no rotation.
        throw new RuntimeError(
          'REQUEST_FORMAT',
          `${ref} rejected the request (HTTP ${r.status}): ${r.detail}`,
          { hint: `check the model id (${ref}) and models.providers.${provider} in clawdbot.json`, attempts },
        );
      }
      if (c.kind === 'profile') await recordFailure(world, c.id, r.kind);
      if (subscription(c)) subscriptionFailed = c;
      if (plan.userPinned) break;
    }
  }
  throw exhausted(input.models, attempts);
}

function exhausted(models: string[], attempts: Attempt[]): RuntimeError {
  const sent = attempts.some((a) => a.outcome !== 'skipped');
  const lines = attempts.map((a) => `  - ${describeAttempt(a)}`).join('\n');
  if (!sent) {
    return new RuntimeError('NO_CREDENTIAL', `no usable credential for ${models.join(', ')}:\n${lines}`, {
      hint: 'run: clawdbot models status (then clawdbot models auth add, or set ANTHROPIC_API_KEY)',
      attempts,
    });
  }
  return new RuntimeError('FAILOVER_EXHAUSTED', `every model and credential failed:\n${lines}`, {
    hint: 'run: clawdbot models status (cooldowns clear with: clawdbot models auth cooldown clear)',
    attempts,
  });
}
