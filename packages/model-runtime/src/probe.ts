import { readStore } from '@clawdbot-auth/auth-store';
import type { LoadedConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { attemptCandidate } from './attempt.js';
import { resolveFor } from './plan.js';
import type { FailureKind } from './providers/classify.js';
import { resolveEndpoint } from './providers/endpoint.js';
import type { World } from './world.js';

export interface ProbeRequest {
  agentId: string;
  provider: string;
  /** profile id, env variable name or `models.providers.<p>.apiKey`, as the resolver names it */
  candidate: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
}

export type ProbeOutcome =
  | { ok: true; status: number }
  | { ok: false; kind: FailureKind | 'unknown'; status?: number; detail: string };

/**
 * One minimal live request with one credential, through the runtime's own request, refresh and
 * failure classification (no bookkeeping: a probe never puts a profile on hold).
 * @throws STORE_PARSE_FAILED
 */
export async function probeCredential(
  ctx: RuntimeContext,
  loaded: LoadedConfig,
  req: ProbeRequest,
): Promise<ProbeOutcome> {
  const world: World = { ctx, agentId: req.agentId, loaded, io: { warn: () => undefined } };
  const endpoint = resolveEndpoint(ctx, loaded.config, req.provider);
  if (!endpoint) {
    return {
      ok: false,
      kind: 'unknown',
      detail: `no endpoint known for ${req.provider}: set models.providers.${req.provider}.baseUrl`,
    };
  }
  const store = await readStore(ctx, req.agentId);
  const candidate = resolveFor(world, store, req.provider).candidates.find((c) => c.id === req.candidate);
  if (!candidate)
    return { ok: false, kind: 'unknown', detail: `${req.candidate} is not a ${req.provider} credential` };
  const r = await attemptCandidate(world, {
    endpoint,
    model: req.model,
    message: 'ping',
    timeoutMs: req.timeoutMs,
    maxTokens: req.maxTokens,
    store,
    candidate,
  });
  if (r.ok) return { ok: true, status: r.status };
  if (r.status !== undefined) return { ok: false, kind: r.kind, status: r.status, detail: r.detail };
  // No answer: a deadline says so; a refused or unknown host names the URL and the reason.
  if (r.detail.startsWith('network: ')) {
    return { ok: false, kind: 'unknown', detail: `cannot reach ${endpoint.baseUrl} (${r.detail.slice(9)})` };
  }
  return { ok: false, kind: r.kind, detail: r.detail.replace(/^timeout: /, '') };
}
