import type { Candidate, Resolution } from './candidates.js';
import { DEFAULT_WARN_MS, type HealthStatus, healthFromFacts } from './health.js';

/** One candidate's health line. */
export interface CandidateHealth {
  id: string;
  kind: Candidate['kind'];
  type: Candidate['type'];
  source: string;
  /** where the secret lives: 'file', 'ref:<provider>', 'env', 'config' */
  location?: string;
  status: HealthStatus;
  usable: boolean;
  reason?: string;
  /** unresolved_ref: which provider failed and why (never resolver output) */
  refProblem?: string;
  until?: number;
  expiresAt?: number;
  remainingMs?: number;
  refreshable: boolean;
  dead: boolean;
  fingerprint: string;
  /** left out of the order: requests never try it */
  excluded?: boolean;
}

export interface ProviderHealth {
  provider: string;
  inUse: boolean;
  /** worst of its credentials: missing > expired > expiring > refreshable > ok/static */
  status: Exclude<HealthStatus, 'static'>;
  /** at least one credential works now, or only waits out a short rate-limit cooldown */
  usable: boolean;
  credentials: CandidateHealth[];
}

export interface AuthHealthReport {
  now: number;
  warnMs: number;
  providersInUse: string[];
  /** providers in use with no profile, no environment variable and no config key */
  missingProvidersInUse: string[];
  providers: ProviderHealth[];
}

export interface AuthHealthInput {
  providersInUse: readonly string[];
  /** resolver results, one per provider (in use or not) */
  perProvider: readonly Resolution[];
  now: number;
  warnMs?: number;
}

function candidateHealth(c: Candidate, now: number, warnMs: number): CandidateHealth {
  const h = healthFromFacts(
    { type: c.type, expires: c.expires, hasRefresh: c.refreshable, dead: c.dead },
    now,
    warnMs,
  );
  const out: CandidateHealth = {
    id: c.id,
    kind: c.kind,
    type: c.type,
    source: c.source,
    status: c.kind === 'profile' ? h.status : 'static',
    usable: c.usable,
    refreshable: h.refreshable,
    dead: c.dead,
    fingerprint: c.fingerprint,
  };
  if (c.location) out.location = c.location;
  if (c.reason) out.reason = c.reason;
  if (c.refProblem) out.refProblem = c.refProblem;
  if (c.excluded) out.excluded = true;
  if (c.until !== undefined) out.until = c.until;
  if (h.expiresAt !== undefined) Object.assign(out, { expiresAt: h.expiresAt, remainingMs: h.remainingMs });
  return out;
}

function providerStatus(credentials: CandidateHealth[]): ProviderHealth['status'] {
  const has = (s: HealthStatus) => credentials.some((c) => c.status === s);
  if (credentials.length === 0) return 'missing';
  if (has('expired')) return 'expired';
  if (has('expiring')) return 'expiring';
  if (has('refreshable')) return 'refreshable';
  return 'ok';
}

/**
 * Per-provider health for status and `--check`, from the resolver's results.
 * @throws never
 */
export function buildAuthHealthReport(input: AuthHealthInput): AuthHealthReport {
  const warnMs = input.warnMs ?? DEFAULT_WARN_MS;
  const inUse = [...new Set(input.providersInUse.map((p) => p.trim().toLowerCase()))];
  const byProvider = new Map(input.perProvider.map((r) => [r.provider.trim().toLowerCase(), r]));
  const names = [...new Set([...inUse, ...byProvider.keys()])];
  const providers = names.map((provider): ProviderHealth => {
    const credentials = (byProvider.get(provider)?.candidates ?? []).map((c) =>
      candidateHealth(c, input.now, warnMs),
    );
    // A rate-limit cooldown lasts at most an hour: not a reason to page anyone.
    const usable = credentials.some((c) => c.usable || c.reason === 'cooldown');
    return {
      provider,
      inUse: inUse.includes(provider),
      status: providerStatus(credentials),
      usable,
      credentials,
    };
  });
  const missing = providers.filter((p) => p.inUse && p.credentials.length === 0).map((p) => p.provider);
  return { now: input.now, warnMs, providersInUse: inUse, missingProvidersInUse: missing, providers };
}

/**
 * The credentials requests to this provider go through: every candidate except the profiles
 * the order leaves out (`--check` judges what requests would use, not a login they never try).
 * @throws never
 */
export function judgedCredentials(p: ProviderHealth): CandidateHealth[] {
  return p.credentials.filter((c) => !c.excluded);
}

/**
 * `models status --check` exit code: 1 missing/unusable/expired in use, or a reference that
 * requests would go through and that does not resolve; 2 expiring, else 0, judged on the
 * credentials requests go through. Refreshable OAuth never causes 1 or 2 by itself.
 * @throws never
 */
export function checkExitCode(report: AuthHealthReport): 0 | 1 | 2 {
  const inUse = report.providers.filter((p) => p.inUse);
  if (report.missingProvidersInUse.length > 0) return 1;
  const judged = inUse.map((p) => providerStatus(judgedCredentials(p)));
  if (inUse.some((p) => !p.usable) || judged.some((s) => s === 'missing' || s === 'expired')) return 1;
  if (inUse.some((p) => judgedCredentials(p).some((c) => c.reason === 'unresolved_ref'))) return 1;
  if (judged.includes('expiring')) return 2;
  return 0;
}
