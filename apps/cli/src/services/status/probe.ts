import type { CliEnvironment } from '../../context.js';
import type { ProbeOptions } from './probe-types.js';
import type { ProbeJson, ProbeStatus, StatusJson } from './types.js';

interface Target {
  provider: string;
  profileId: string;
  source: string;
  kind: 'profile' | 'env' | 'config';
  model: string;
  baseUrl?: string;
}

const DEFAULT_BASE: Record<string, string> = {
  anthropic: 'https://api.anthropic.com',
  openai: 'https://api.openai.com/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  groq: 'https://api.groq.com/openai/v1',
  xai: 'https://api.x.ai/v1',
  mistral: 'https://api.mistral.ai/v1',
};
const DEFAULT_MODEL: Record<string, string> = {
  anthropic: 'claude-opus-4-5',
  openai: 'gpt-5.2',
  openrouter: 'openrouter/auto',
};

function baseUrlOf(
  env: CliEnvironment,
  provider: string,
  vars: Readonly<Record<string, string>>,
): string | undefined {
  const fromConfig = env.loaded.config.models?.providers?.[provider]?.baseUrl;
  if (typeof fromConfig === 'string' && fromConfig) return fromConfig;
  const v = vars[provider];
  const fromEnv = v ? env.ctx.env[v]?.trim() : undefined;
  return fromEnv || DEFAULT_BASE[provider];
}

function modelFor(status: StatusJson, provider: string): string {
  const refs = [status.resolvedDefault, ...status.fallbacks];
  const ref = refs.find((r) => r.split('/')[0] === provider);
  return ref ? ref.slice(provider.length + 1) : (DEFAULT_MODEL[provider] ?? 'default');
}

async function targets(env: CliEnvironment, status: StatusJson, opts: ProbeOptions): Promise<Target[]> {
  const { PROVIDER_BASE_URL_VARS } = await import('@clawdbot-auth/env-loader');
  const out: Target[] = [];
  for (const p of status.auth.providers) {
    if (opts.provider && p.provider !== opts.provider) continue;
    const model = modelFor(status, p.provider);
    const baseUrl = baseUrlOf(env, p.provider, PROVIDER_BASE_URL_VARS);
    for (const id of p.order.ids) {
      if (opts.profileIds?.length && !opts.profileIds.includes(id)) continue;
      const isEnv = p.env?.source.endsWith(`: ${id}`);
      const kind = isEnv ? 'env' : id.startsWith('models.providers.') ? 'config' : 'profile';
      const source = kind === 'env' ? p.env!.source : kind === 'config' ? 'config' : 'store';
      out.push({ provider: p.provider, profileId: id, source, kind, model, baseUrl });
    }
  }
  return out;
}

async function secretOf(env: CliEnvironment, t: Target): Promise<{ secret: string; bearer: boolean }> {
  if (t.kind === 'env') {
    return { secret: env.ctx.env[t.profileId] ?? '', bearer: t.profileId === 'ANTHROPIC_OAUTH_TOKEN' };
  }
  if (t.kind === 'config') {
    const entry = env.loaded.config.models?.providers?.[t.provider] as { apiKey?: unknown } | undefined;
    return { secret: typeof entry?.apiKey === 'string' ? entry.apiKey : '', bearer: false };
  }
  const { profileSecret, readStore } = await import('@clawdbot-auth/auth-store');
  const cred = (await readStore(env.ctx, env.agentId)).store.profiles[t.profileId];
  if (!cred) return { secret: '', bearer: false };
  if (cred.type !== 'oauth') {
    const secret = await profileSecret(
      { ctx: env.ctx, secrets: env.loaded.config.secrets },
      t.profileId,
      cred,
    );
    return { secret, bearer: cred.type === 'token' };
  }
  const { getAccessToken } = await import('@clawdbot-auth/claude-sync');
  return { secret: (await getAccessToken(env.ctx, env.agentId, t.profileId)).token, bearer: true };
}

function request(
  t: Target,
  secret: string,
  bearer: boolean,
  maxTokens: number,
): { url: string; init: RequestInit } {
  const body = { model: t.model, max_tokens: maxTokens, messages: [{ role: 'user', content: 'ping' }] };
  if (t.provider === 'anthropic') {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
    };
    if (bearer)
      Object.assign(headers, { authorization: `Bearer ${secret}`, 'anthropic-beta': 'oauth-2025-04-20' });
    else headers['x-api-key'] = secret;
    return {
      url: `${t.baseUrl!.replace(/\/+$/, '')}/v1/messages`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  }
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}` };
  return {
    url: `${t.baseUrl!.replace(/\/+$/, '')}/chat/completions`,
    init: { method: 'POST', headers, body: JSON.stringify(body) },
  };
}

/** Error class of a provider response (spec 03: 402 or credit/billing text is billing, 429 rate_limit). */
export function classifyResponse(status: number, body: string): ProbeStatus {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 402 || /credit|billing|quota|insufficient/i.test(body)) return 'billing';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 400 || status === 404 || status === 422) return 'format';
  return 'unknown';
}

async function probeOne(env: CliEnvironment, t: Target, opts: ProbeOptions): Promise<ProbeJson> {
  const { redactText } = await import('@clawdbot-auth/auth-store');
  const base: ProbeJson = {
    provider: t.provider,
    profileId: t.profileId,
    source: t.source,
    status: 'unknown',
    model: t.model,
  };
  if (!t.baseUrl)
    return {
      ...base,
      message: `no endpoint known for ${t.provider}: set models.providers.${t.provider}.baseUrl`,
    };
  let secret = '';
  const started = performance.now();
  try {
    const s = await secretOf(env, t);
    secret = s.secret;
    const { url, init } = request(t, s.secret, s.bearer, opts.maxTokens);
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs) });
    const text = await res.text();
    const latencyMs = Math.round(performance.now() - started);
    const status = classifyResponse(res.status, text);
    if (status === 'ok') return { ...base, status, latencyMs, httpStatus: res.status };
    const detail = /"message"\s*:\s*"([^"]{0,300})"/.exec(text)?.[1] ?? text.slice(0, 200);
    return {
      ...base,
      status,
      latencyMs,
      httpStatus: res.status,
      message: redactText(detail, secret ? [secret] : []),
    };
  } catch (err) {
    const e = err as Error;
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    const msg = timeout ? `no answer within ${opts.timeoutMs} ms` : networkMessage(e, t.baseUrl);
    return {
      ...base,
      status: timeout ? 'timeout' : 'unknown',
      message: redactText(msg, secret ? [secret] : []),
    };
  }
}

/** fetch's "fetch failed" names nothing: say what failed (ECONNREFUSED, ENOTFOUND, ...) and where. */
function networkMessage(e: Error, baseUrl: string): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (e.message !== 'fetch failed') return e.message ?? String(e);
  return `cannot reach ${baseUrl}${code ? ` (${code})` : typeof cause?.message === 'string' ? ` (${cause.message})` : ''}`;
}

/** `--probe`: one minimal live request per usable credential, `concurrency` at a time; progress on stderr. */
export async function runProbes(
  env: CliEnvironment,
  status: StatusJson,
  opts: ProbeOptions,
  log: (line: string) => void,
): Promise<ProbeJson[]> {
  const list = await targets(env, status, opts);
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
