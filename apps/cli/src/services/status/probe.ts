import type { CliEnvironment } from '../../context.js';
import type { ProbeOptions } from './probe-types.js';
import type { ProbeJson, ProbeStatus, StatusJson } from './types.js';

interface Target {
  provider: string;
  profileId: string;
  source: string;
  model: string;
}

/** The model a probe asks: the configured one of this provider, else the catalog's probe model. */
async function modelFor(status: StatusJson, provider: string): Promise<string> {
  const refs = [status.resolvedDefault, ...status.fallbacks];
  const ref = refs.find((r) => r.split('/')[0] === provider);
  if (ref) return ref.slice(provider.length + 1);
  const { providerEntry } = await import('@clawdbot-auth/credentials');
  return providerEntry(provider).probeModel ?? 'default';
}

async function targets(status: StatusJson, opts: ProbeOptions): Promise<Target[]> {
  const out: Target[] = [];
  for (const p of status.auth.providers) {
    if (opts.provider && p.provider !== opts.provider) continue;
    const model = await modelFor(status, p.provider);
    for (const c of p.candidates.filter((x) => x.eligible)) {
      if (opts.profileIds?.length && !opts.profileIds.includes(c.id)) continue;
      const source =
        c.kind === 'env' ? (p.env?.source ?? c.source) : c.kind === 'config' ? 'config' : 'store';
      out.push({ provider: p.provider, profileId: c.id, source, model });
    }
  }
  return out;
}

const STATUS_OF: Record<string, ProbeStatus> = {
  auth: 'auth',
  claude_code_only: 'auth',
  rate_limit: 'rate_limit',
  billing: 'billing',
  timeout: 'timeout',
  format: 'format',
};

/** One live request through the runtime's request and classification (model-runtime probeCredential). */
async function probeOne(env: CliEnvironment, t: Target, opts: ProbeOptions): Promise<ProbeJson> {
  const { probeCredential } = await import('@clawdbot-auth/model-runtime');
  const base: ProbeJson = {
    provider: t.provider,
    profileId: t.profileId,
    source: t.source,
    status: 'unknown',
    model: t.model,
  };
  const started = performance.now();
  try {
    const r = await probeCredential(env.ctx, env.loaded, {
      agentId: env.agentId,
      provider: t.provider,
      candidate: t.profileId,
      model: t.model,
      timeoutMs: opts.timeoutMs,
      maxTokens: opts.maxTokens,
    });
    const latencyMs = Math.round(performance.now() - started);
    if (r.ok) return { ...base, status: 'ok', latencyMs, httpStatus: r.status };
    const out: ProbeJson = { ...base, status: STATUS_OF[r.kind] ?? 'unknown', message: r.detail };
    if (r.status !== undefined) Object.assign(out, { latencyMs, httpStatus: r.status });
    return out;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ...base, message: e.code ?? e.message ?? String(err) };
  }
}

/** `--probe`: one minimal live request per usable credential, `concurrency` at a time; progress on stderr. */
export async function runProbes(
  env: CliEnvironment,
  status: StatusJson,
  opts: ProbeOptions,
  log: (line: string) => void,
): Promise<ProbeJson[]> {
  const list = await targets(status, opts);
  const results: ProbeJson[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const t = list[i]!;
      log(`probe ${i + 1}/${list.length}: ${t.profileId} (${t.provider}, ${t.model}) ...`);
      const r = await probeOne(env, t, opts);
      results[i] = r;
      log(
        `probe ${i + 1}/${list.length}: ${t.profileId} ${r.status}${r.latencyMs !== undefined ? ` ${r.latencyMs}ms` : ''}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, list.length) }, worker));
  return results;
}
