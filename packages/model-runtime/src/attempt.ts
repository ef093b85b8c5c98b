import type { Candidate, StoreView } from '@clawdbot-auth/auth-store';
import { profileSecret } from '@clawdbot-auth/auth-store';
import { getAccessToken } from '@clawdbot-auth/claude-sync';
import { resolveProviderEnv } from '@clawdbot-auth/env-loader';
import { scrubProviderText } from './known-secrets.js';
import { classifyFailure, errorMessage, type FailureKind } from './providers/classify.js';
import type { Endpoint } from './providers/endpoint.js';
import { type RequestCredential, sendModelRequest } from './providers/request.js';
import { syncContext } from './sync.js';
import type { World } from './world.js';

/** What one credential did: a reply, or a classified failure with a redacted reason. */
export type AttemptResult =
  | { ok: true; text: string; status: number; refreshed: boolean }
  | { ok: false; kind: FailureKind; status?: number; detail: string; refreshed: boolean };

export interface AttemptInput {
  endpoint: Endpoint;
  model: string;
  message: string;
  timeoutMs: number;
  /** reply size cap (a probe asks for a few tokens) */
  maxTokens?: number;
  store: StoreView;
  candidate: Candidate;
}

/** The secret for a candidate: stored key/token, a fresh OAuth access token, or the env/config value. */
async function credentialFor(world: World, input: AttemptInput, force = false): Promise<RequestCredential> {
  const { secret, type } = await candidateSecret(
    world,
    input.endpoint.provider,
    input.store,
    input.candidate,
    // The caller's deadline bounds the refresh it may trigger too (claude-sync caps it below the lock's stale time).
    { force, timeoutMs: input.timeoutMs },
  );
  return { type, secret };
}

/**
 * The secret a request with this candidate sends: the stored key or token, an OAuth access
 * token valid for at least `minValidMs` (refreshed under the grant's lock first when due), or
 * the environment / config value. `expires` where the credential has one.
 * @throws OAUTH_REFRESH_REVOKED, OAUTH_REFRESH_TRANSIENT, PROFILE_NOT_FOUND (from claude-sync),
 *   SECRET_REF_UNRESOLVED (a keyRef / tokenRef that does not resolve)
 */
export async function candidateSecret(
  world: World,
  provider: string,
  store: StoreView,
  c: Candidate,
  opts: { force?: boolean; minValidMs?: number; timeoutMs?: number } = {},
): Promise<RequestCredential & { expires?: number }> {
  if (c.kind === 'env') {
    const env = resolveProviderEnv(world.ctx, world.loaded.env, provider);
    return { type: c.type, secret: env?.value ?? '' };
  }
  if (c.kind === 'config') {
    const raw = world.loaded.config.models?.providers?.[provider]?.apiKey;
    return { type: 'api_key', secret: typeof raw === 'string' ? raw.trim() : '' };
  }
  const cred = store.store.profiles[c.id];
  if (cred && cred.type !== 'oauth') {
    // keyRef / tokenRef resolve here, when a request needs them (never in status).
    const sc = { ctx: world.ctx, secrets: world.loaded.config.secrets };
    const secret = await profileSecret(sc, c.id, cred);
    const expires = cred.type === 'token' ? cred.expires : undefined;
    return { type: cred.type, secret, ...(expires ? { expires } : {}) };
  }
  const { timeoutMs, ...refresh } = opts;
  const ctx =
    timeoutMs === undefined ? syncContext(world) : { ...syncContext(world), oauthTimeoutMs: timeoutMs };
  const got = await getAccessToken(ctx, world.agentId, c.id, refresh);
  return { type: 'oauth', secret: got.token, ...(got.expires ? { expires: got.expires } : {}) };
}

function failure(kind: FailureKind, detail: string, refreshed: boolean, status?: number): AttemptResult {
  return status === undefined
    ? { ok: false, kind, detail, refreshed }
    : { ok: false, kind, detail, refreshed, status };
}

async function send(
  world: World,
  input: AttemptInput,
  cred: RequestCredential,
  refreshed: boolean,
): Promise<AttemptResult> {
  const res = await sendModelRequest({
    endpoint: input.endpoint,
    model: input.model,
    message: input.message,
    credential: cred,
    timeoutMs: input.timeoutMs,
    ...(input.maxTokens ? { maxTokens: input.maxTokens } : {}),
  });
  if (res.ok) return { ok: true, text: res.text, status: res.status, refreshed };
  if (res.status === undefined) return failure('timeout', `${res.error}: ${res.detail}`, refreshed);
  const detail = scrubProviderText(world, input.store, errorMessage(res.body), cred.secret);
  return failure(classifyFailure(res), detail, refreshed, res.status);
}

function refreshFailure(err: unknown, refreshed: boolean): AttemptResult {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? 'error';
  // The message names the profile, the provider and the cause, never resolver output.
  if (code === 'SECRET_REF_UNRESOLVED') return failure('unknown', `unresolved_ref: ${e.message}`, refreshed);
  // A transient refresh failure says nothing against the credential; a revoked one is auth.
  const kind: FailureKind = code === 'OAUTH_REFRESH_TRANSIENT' ? 'timeout' : 'auth';
  return failure(kind, `token refresh failed (${code})`, refreshed);
}

/**
 * Sends the request with one candidate. A 401/403 on an OAuth profile that can refresh forces
 * one refresh and one retry (spec 03); a second rejection is an `auth` failure.
 * @throws never (failures are returned)
 */
export async function attemptCandidate(world: World, input: AttemptInput): Promise<AttemptResult> {
  let cred: RequestCredential;
  try {
    cred = await credentialFor(world, input);
  } catch (err) {
    return refreshFailure(err, false);
  }
  const first = await send(world, input, cred, false);
  const c = input.candidate;
  if (first.ok || first.kind !== 'auth' || c.kind !== 'profile' || c.type !== 'oauth' || !c.refreshable) {
    return first;
  }
  try {
    cred = await credentialFor(world, input, true);
  } catch (err) {
    return refreshFailure(err, true);
  }
  return send(world, input, cred, true);
}
