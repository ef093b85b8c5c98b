import type { FailureReason, UsageStats } from '../schema.js';

/** Config `auth.cooldowns` (spec 03). Defined here so the store does not depend on config types. */
export interface CooldownConfig {
  billingBackoffHours?: number;
  billingBackoffHoursByProvider?: Record<string, number>;
  billingMaxHours?: number;
  failureWindowHours?: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DEFAULT_BILLING_BASE_HOURS = 5;
const DEFAULT_BILLING_MAX_HOURS = 24;
const DEFAULT_FAILURE_WINDOW_HOURS = 24;

/** Cooldown length after the n-th consecutive failure: 1 min × 5^(n−1), capped at 1 h. */
export function cooldownMs(errorCount: number): number {
  const n = Math.max(1, errorCount);
  return Math.min(HOUR_MS, MINUTE_MS * 5 ** Math.min(n - 1, 10));
}

/** Billing disable length after the k-th billing failure: base × 2^(k−1), capped at max. */
export function billingDisableMs(billingCount: number, baseHours: number, maxHours: number): number {
  const k = Math.max(1, billingCount);
  const base = positiveOr(baseHours, DEFAULT_BILLING_BASE_HOURS) * HOUR_MS;
  const max = positiveOr(maxHours, DEFAULT_BILLING_MAX_HOURS) * HOUR_MS;
  return Math.min(max, base * 2 ** Math.min(k - 1, 30));
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Billing base hours for a provider: the per-provider override (case-insensitive), else the base. */
export function billingBaseHours(provider: string, cfg?: CooldownConfig): number {
  const wanted = provider.trim().toLowerCase();
  for (const [key, hours] of Object.entries(cfg?.billingBackoffHoursByProvider ?? {})) {
    if (key.trim().toLowerCase() === wanted && positiveOr(hours, 0) > 0) return hours;
  }
  return positiveOr(cfg?.billingBackoffHours, DEFAULT_BILLING_BASE_HOURS);
}

/**
 * New usage stats after one failure: counts restart when the last failure is older than the
 * failure window; billing disables, every other reason cools down. Pure; never throws.
 * @throws never
 */
export function applyFailure(
  stats: UsageStats | undefined,
  reason: FailureReason,
  now: number,
  provider: string,
  cfg?: CooldownConfig,
): UsageStats {
  const prev = stats ?? {};
  const windowMs = positiveOr(cfg?.failureWindowHours, DEFAULT_FAILURE_WINDOW_HOURS) * HOUR_MS;
  const expired = typeof prev.lastFailureAt === 'number' && now - prev.lastFailureAt > windowMs;
  const errorCount = (expired ? 0 : (prev.errorCount ?? 0)) + 1;
  const failureCounts: Record<string, number> = expired ? {} : { ...(prev.failureCounts ?? {}) };
  failureCounts[reason] = (failureCounts[reason] ?? 0) + 1;
  const next: UsageStats = { ...prev, errorCount, failureCounts, lastFailureAt: now };
  if (reason === 'billing') {
    const max = positiveOr(cfg?.billingMaxHours, DEFAULT_BILLING_MAX_HOURS);
    next.disabledUntil =
      now + billingDisableMs(failureCounts.billing ?? 1, billingBaseHours(provider, cfg), max);
    next.disabledReason = 'billing';
  } else {
    next.cooldownUntil = now + cooldownMs(errorCount);
  }
  return next;
}

/**
 * New usage stats after a real success: lastUsed = now, every failure mark cleared.
 * @throws never
 */
export function applySuccess(stats: UsageStats | undefined, now: number): UsageStats {
  return { ...clearCooldownStats(stats), lastUsed: now };
}

/**
 * Stats with errorCount, failureCounts, cooldownUntil, disabledUntil, disabledReason removed
 * (explicit `cooldown clear`); lastUsed and unknown keys are kept.
 * @throws never
 */
export function clearCooldownStats(stats: UsageStats | undefined): UsageStats {
  const {
    errorCount: _e,
    failureCounts: _f,
    cooldownUntil: _c,
    disabledUntil: _d,
    disabledReason: _r,
    ...rest
  } = stats ?? {};
  return rest;
}

/** The time until which a profile is unavailable (the later of cooldown and disable), if still ahead. */
export function unavailableUntil(stats: UsageStats | undefined, now: number): number | undefined {
  const until = Math.max(stats?.cooldownUntil ?? 0, stats?.disabledUntil ?? 0);
  return until > now ? until : undefined;
}

/** Why and until when a profile is unavailable: `billing` (or another disable reason) wins over a cooldown. */
export interface CooldownState {
  until: number;
  reason: 'cooldown' | 'billing' | (string & {});
}

/**
 * The active cooldown or disable at `now`, or undefined when the profile is available.
 * @throws never
 */
export function isInCooldown(stats: UsageStats | undefined, now: number): CooldownState | undefined {
  const until = unavailableUntil(stats, now);
  if (until === undefined) return undefined;
  const disabled = (stats?.disabledUntil ?? 0) > now;
  return { until, reason: disabled ? (stats?.disabledReason ?? 'billing') : 'cooldown' };
}
