import {
  type Candidate,
  getTombstone,
  idsByProvider,
  type OrderSource,
  type Resolution,
  readStore,
  type StoreView,
  valuesByProviderKey,
} from '@clawdbot-auth/auth-store';
import type { VarOrigin } from '@clawdbot-auth/env-loader';
import { providerEntry } from './catalog.js';
import { type ReasonCode, reasonCodeOf } from './reasons.js';
import { type Recovery, recoveryFor } from './recovery.js';
import { withCheckedRefs } from './refs.js';
import { type Pin, providersOf, resolveProvider, usableCandidates } from './resolve.js';
import type { CredentialWorld } from './world.js';

/** One credential a request to a provider could use, and why it is or is not the one. */
export interface CandidatePicture {
  /** profile id, env variable name, or `models.providers.<p>.apiKey` */
  id: string;
  provider: string;
  kind: 'profile' | 'env' | 'config';
  type?: 'api_key' | 'token' | 'oauth';
  /** 'store' | 'claude-cli' | 'codex-cli' | 'env: NAME' | 'config' */
  source: string;
  origin?: VarOrigin;
  eligible: boolean;
  /** the next request uses this one */
  next: boolean;
  reasonCode?: ReasonCode;
  /** end of a cooldown or billing disable, and the time left at `now` */
  until?: number;
  remainingMs?: number;
  expires?: number;
  fingerprint: string;
  /** where the secret bytes live: 'file', 'ref:<provider>', 'env', 'config' */
  location?: string;
  /** unresolved_ref: which reference provider failed and why (never resolver output) */
  refProblem?: string;
  /** the one command that changes it (absent for the next-used one and eligible fallbacks) */
  recovery?: Recovery;
}

/** One provider's picture: the candidates in try order, where the order came from, the winner. */
export interface ProviderPicture {
  provider: string;
  orderSource: OrderSource;
  /** id of the credential the next request uses; undefined when none is usable */
  nextUsed?: string;
  candidates: CandidatePicture[];
  /** the resolver's output the picture was drawn from */
  resolution: Resolution;
  usable: Candidate[];
}

export interface AgentPicture {
  agentId: string;
  now: number;
  view: StoreView;
  providers: ProviderPicture[];
}

function profileIdsNamed(world: CredentialWorld, view: StoreView, provider: string): string[] {
  const auth = world.loaded.config.auth;
  const fromOrder = [view.store.order, auth?.order].flatMap((order) =>
    (valuesByProviderKey(order).get(provider) ?? []).flatMap((ids) => ids ?? []),
  );
  const fromProfiles = idsByProvider(auth?.profiles).get(provider) ?? [];
  return [...new Set([...fromOrder, ...fromProfiles])];
}

/** Ids the config or an order names that have no stored credential, and synced logins the user removed. */
function absentCandidates(world: CredentialWorld, view: StoreView, provider: string): CandidatePicture[] {
  const out: CandidatePicture[] = [];
  const base = {
    provider,
    kind: 'profile' as const,
    source: 'store',
    eligible: false,
    next: false,
    fingerprint: '',
  };
  for (const id of profileIdsNamed(world, view, provider)) {
    if (view.store.profiles[id]) continue;
    const recovery = recoveryFor({ kind: 'missing_credential', provider, profileId: id });
    out.push({ ...base, id, reasonCode: 'missing_credential', recovery });
  }
  const synced = providerEntry(provider).synced;
  if (synced && !view.store.profiles[synced.profileId] && getTombstone(view.store, synced.profileId)) {
    const id = synced.profileId;
    const at = out.find((c) => c.id === id);
    const recovery = recoveryFor({ kind: 'tombstoned', provider, profileId: id });
    if (at) Object.assign(at, { reasonCode: 'tombstoned', recovery, source: synced.from });
    else out.push({ ...base, id, source: synced.from, reasonCode: 'tombstoned', recovery });
  }
  return out;
}

function recoveryOf(c: Candidate, provider: string, code: ReasonCode, order: string[]): Recovery {
  if (code === 'excluded_by_auth_order') {
    return recoveryFor({ kind: code, provider, profileId: c.id, order });
  }
  if (code === 'refresh_dead' || code === 'expired') {
    return recoveryFor({ kind: code, provider, profileId: c.id, type: c.type });
  }
  if (code === 'missing_credential') return recoveryFor({ kind: code, provider });
  if (code === 'cooldown' || code === 'disabled_billing')
    return recoveryFor({ kind: code, provider, profileId: c.id });
  if (code === 'unresolved_ref') return recoveryFor({ kind: code, provider, profileId: c.id });
  return recoveryFor({ kind: 'ineligible_profile', provider, profileId: c.id });
}

function picture(c: Candidate, provider: string, now: number, next: string | undefined, order: string[]) {
  const code = reasonCodeOf(c);
  const out: CandidatePicture = {
    id: c.id,
    provider,
    kind: c.kind,
    type: c.type,
    source: c.source,
    eligible: c.usable,
    next: c.id === next,
    fingerprint: c.fingerprint,
  };
  if (c.origin) out.origin = c.origin;
  if (c.location) out.location = c.location;
  if (c.refProblem) out.refProblem = c.refProblem;
  if (c.expires !== undefined) out.expires = c.expires;
  if (c.until !== undefined) Object.assign(out, { until: c.until, remainingMs: c.until - now });
  if (code) Object.assign(out, { reasonCode: code, recovery: recoveryOf(c, provider, code, order) });
  return out;
}

/** The picture of one provider, from the same resolver the runtime uses. @throws never */
export function inspectProvider(
  world: CredentialWorld,
  view: StoreView,
  provider: string,
  preferred?: Pin,
): ProviderPicture {
  const resolution = resolveProvider(world, view, provider, preferred);
  const usable = usableCandidates(resolution);
  const nextUsed = usable[0]?.id;
  const order = usable.filter((c) => c.kind === 'profile').map((c) => c.id);
  const now = world.ctx.now();
  const candidates = resolution.candidates.map((c) => picture(c, resolution.provider, now, nextUsed, order));
  const seen = new Set(candidates.map((c) => c.id));
  candidates.push(...absentCandidates(world, view, resolution.provider).filter((c) => !seen.has(c.id)));
  const out: ProviderPicture = {
    provider: resolution.provider,
    orderSource: resolution.orderSource,
    candidates,
    resolution,
    usable,
  };
  if (nextUsed !== undefined) out.nextUsed = nextUsed;
  return out;
}

/**
 * The whole picture for one agent: every provider in use, stored, in the environment or with a
 * config key; per provider every candidate with `eligible`, a reason code, time left, and the
 * one that the next request uses. Secret references are judged (`unresolved_ref`): env and
 * file ones always, exec resolvers only with `resolveExec`.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_READ_FAILED
 */
export async function inspectAgent(
  world: CredentialWorld,
  agentId: string,
  opts: { providers?: string[]; store?: StoreView; resolveExec?: boolean } = {},
): Promise<AgentPicture> {
  const view = opts.store ?? (await readStore(world.ctx, agentId));
  const judged = world.unresolvedRefs
    ? world
    : await withCheckedRefs(world, view, { exec: opts.resolveExec });
  const names = opts.providers ?? providersOf(judged, view);
  return {
    agentId,
    now: world.ctx.now(),
    view,
    providers: names.map((p) => inspectProvider(judged, view, p)),
  };
}
