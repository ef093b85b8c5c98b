import type { AuthStore, Credential } from '../schema.js';
import { idsByProvider, valuesByProviderKey } from './by-provider.js';
import {
  type Candidate,
  type EnvCredential,
  modeAccepts,
  type OrderSource,
  profileSource,
  type Resolution,
  type ResolverConfig,
  typeRank,
  type UnusableReason,
} from './candidates.js';
import { isInCooldown } from './cooldown.js';
import { isProfileDead } from './health.js';
import { displayFingerprint, fingerprint, primarySecret } from './redact.js';
import { heldElsewhere, secretLocation } from './secret-ref.js';

export interface ResolveInput {
  provider: string;
  /** StoreView.store: only valid entries */
  store: AuthStore;
  /** profile ids read through from the main agent's store */
  inherited?: Set<string>;
  config: ResolverConfig;
  now: number;
  /** the provider's environment variable (env-loader resolveProviderEnv) */
  env?: EnvCredential;
  /** config `models.providers.P.apiKey` after ${VAR} substitution; read from config when absent */
  configApiKey?: string;
  /** profile id -> why its keyRef/tokenRef did not resolve (checkProfileRefs); never resolved here */
  unresolvedRefs?: ReadonlyMap<string, string>;
  /** session override: a user pin is never rotated; an auto pin just goes first */
  preferred?: { profileId: string; source: 'user' | 'auto' };
}

const norm = (id: string | undefined): string => (id ?? '').trim().toLowerCase();

function lookup<T>(record: Record<string, T> | undefined, provider: string): T | undefined {
  return valuesByProviderKey(record).get(provider)?.[0];
}

/** Spec 03 step 1: store order, else config order, else configured profiles, else stored ones. */
function baseOrder(input: ResolveInput, provider: string): { ids: string[]; source: OrderSource } {
  const stored = lookup(input.store.order, provider);
  if (stored && stored.length > 0) return { ids: [...stored], source: 'store' };
  const configured = lookup(input.config.auth?.order, provider);
  if (configured && configured.length > 0) return { ids: [...configured], source: 'config' };
  const fromConfig = [...(idsByProvider(input.config.auth?.profiles).get(provider) ?? [])];
  if (fromConfig.length > 0) return { ids: fromConfig, source: 'profiles' };
  const fromStore = [...(idsByProvider(input.store.profiles).get(provider) ?? [])];
  return { ids: fromStore, source: fromStore.length > 0 ? 'stored' : 'none' };
}

/** Spec 03 step 2: the reason a stored profile is dropped, if any. */
function dropReason(input: ResolveInput, id: string, cred: Credential): UnusableReason | undefined {
  if (isProfileDead(input.store, id, cred)) return 'dead';
  if (!modeAccepts(input.config.auth?.profiles?.[id]?.mode, cred.type)) return 'mode mismatch';
  if (cred.type === 'oauth') return cred.access.trim() || cred.refresh.trim() ? undefined : 'no token';
  if (input.unresolvedRefs?.has(id)) return 'unresolved_ref';
  if (!heldElsewhere(cred) && primarySecret(cred).trim() === '') return 'empty';
  const expires = cred.type === 'token' ? cred.expires : undefined;
  if (typeof expires === 'number' && expires > 0 && input.now >= expires) return 'expired';
  return undefined;
}

function profileCandidate(input: ResolveInput, id: string, cred: Credential): Candidate {
  const dead = isProfileDead(input.store, id, cred);
  const candidate: Candidate = {
    id,
    kind: 'profile',
    type: cred.type,
    source: profileSource(id),
    location: secretLocation(cred, input.config.secrets),
    usable: true,
    fingerprint: displayFingerprint(cred),
    refreshable: cred.type === 'oauth' && cred.refresh.trim() !== '' && !dead,
    dead,
  };
  if (cred.type !== 'api_key' && typeof cred.expires === 'number') candidate.expires = cred.expires;
  if (cred.email) candidate.email = cred.email;
  if (input.inherited?.has(id)) candidate.inherited = true;
  const dropped = dropReason(input, id, cred);
  const cooling = dropped ? undefined : isInCooldown(input.store.usageStats?.[id], input.now);
  if (dropped) Object.assign(candidate, { usable: false, reason: dropped });
  if (dropped === 'unresolved_ref') candidate.refProblem = input.unresolvedRefs?.get(id);
  else if (cooling) {
    const reason: UnusableReason =
      cooling.reason === 'cooldown' ? 'cooldown' : cooling.reason === 'billing' ? 'billing' : 'disabled';
    Object.assign(candidate, { usable: false, reason, until: cooling.until });
  }
  return candidate;
}

/** Steps 3-4: explicit order kept, else type then oldest lastUsed; cooling ones last, soonest first. */
function orderSurvivors(input: ResolveInput, survivors: Candidate[], explicit: boolean): Candidate[] {
  const available = survivors.filter((c) => c.usable);
  const cooling = survivors.filter((c) => !c.usable).sort((a, b) => (a.until ?? 0) - (b.until ?? 0));
  if (!explicit) {
    const lastUsed = (c: Candidate) => input.store.usageStats?.[c.id]?.lastUsed ?? 0;
    available.sort((a, b) => typeRank(a.type) - typeRank(b.type) || lastUsed(a) - lastUsed(b));
  }
  return [...available, ...cooling];
}

/** Step 5: the preferred profile first if it survived step 2 (even when outside the base order). */
function applyPreferred(input: ResolveInput, provider: string, ordered: Candidate[]): Candidate[] {
  const pin = input.preferred;
  if (!pin) return ordered;
  let found = ordered.find((c) => c.id === pin.profileId);
  const cred = input.store.profiles[pin.profileId];
  if (!found && cred && norm(cred.provider) === provider && !dropReason(input, pin.profileId, cred)) {
    found = profileCandidate(input, pin.profileId, cred);
  }
  if (!found) return ordered;
  found.pinned = pin.source;
  return [found, ...ordered.filter((c) => c !== found)];
}

/** Step 6: the provider's variable, then config `models.providers.P.apiKey`. */
function fallbackCandidates(input: ResolveInput, provider: string): Candidate[] {
  const out: Candidate[] = [];
  const { env } = input;
  if (env) {
    const value = env.value.trim();
    const type = env.kind === 'oauth' ? 'token' : 'api_key';
    const c: Candidate = {
      id: env.name,
      kind: 'env',
      type,
      source: `env: ${env.name}`,
      location: 'env',
      origin: env.origin,
      usable: value !== '',
      fingerprint: value ? fingerprint(value) : '',
      refreshable: false,
      dead: false,
    };
    if (!value) c.reason = 'empty';
    out.push(c);
  }
  const raw = input.configApiKey ?? lookup(input.config.models?.providers, provider)?.apiKey;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const id = `models.providers.${provider}.apiKey`;
    out.push({
      id,
      kind: 'config',
      type: 'api_key',
      source: 'config',
      location: 'config',
      usable: true,
      fingerprint: fingerprint(raw.trim()),
      refreshable: false,
      dead: false,
    });
  }
  return out;
}

/**
 * Every credential a request for `provider` could use, in order, with why each is or is not
 * usable (spec 03 steps 1-6). Unusable profiles come last so status can explain them.
 * @throws never
 */
export function resolveCandidates(input: ResolveInput): Resolution {
  const provider = norm(input.provider);
  const { ids, source } = baseOrder(input, provider);
  const seen = new Set<string>();
  const survivors: Candidate[] = [];
  const dropped: Candidate[] = [];
  for (const id of ids) {
    const cred = input.store.profiles[id];
    if (seen.has(id) || !cred || norm(cred.provider) !== provider) continue;
    seen.add(id);
    const c = profileCandidate(input, id, cred);
    (c.usable || c.until !== undefined ? survivors : dropped).push(c);
  }
  const ordered = applyPreferred(
    input,
    provider,
    orderSurvivors(input, survivors, source === 'store' || source === 'config'),
  );
  for (const c of ordered) seen.add(c.id);
  const outside = (idsByProvider(input.store.profiles).get(provider) ?? [])
    .filter((id) => !seen.has(id))
    .map((id) => profileCandidate(input, id, input.store.profiles[id] as Credential))
    .map((c): Candidate => ({ ...c, usable: false, reason: c.reason ?? 'not in order', excluded: true }));
  const rotate = input.preferred?.source !== 'user' || ordered[0]?.pinned !== 'user';
  return {
    provider,
    orderSource: source,
    candidates: [...ordered, ...fallbackCandidates(input, provider), ...dropped, ...outside],
    rotate,
  };
}
