import { describe, expect, test } from 'vitest';
import {
  applyFailure,
  applySuccess,
  type CooldownConfig,
  clearCooldownStats,
  type FailureReason,
  isInCooldown,
  type UsageStats,
} from '../src/index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Fails `times` times, one minute apart; returns the cooldown/disable length after each. */
function failRepeatedly(times: number, reason: FailureReason, provider = 'anthropic', cfg?: CooldownConfig) {
  let stats: UsageStats | undefined;
  const lengths: number[] = [];
  for (let i = 0; i < times; i++) {
    const at = NOW + i * MIN;
    stats = applyFailure(stats, reason, at, provider, cfg);
    const until = reason === 'billing' ? stats.disabledUntil : stats.cooldownUntil;
    lengths.push(((until ?? at) - at) / (reason === 'billing' ? HOUR : MIN));
  }
  return { stats: stats as UsageStats, lengths };
}

describe('cooldown after failures', () => {
  test.each(['rate_limit', 'timeout', 'auth', 'format', 'unknown'] as const)(
    '%s: 1, 5, 25, 60, 60 minutes',
    (reason) => {
      const { stats, lengths } = failRepeatedly(5, reason);
      expect(lengths).toEqual([1, 5, 25, 60, 60]);
      expect(stats.errorCount).toBe(5);
      expect(stats.failureCounts).toEqual({ [reason]: 5 });
      expect(stats.disabledUntil).toBeUndefined();
    },
  );

  test.each<[string, CooldownConfig | undefined, string, number[]]>([
    ['defaults', undefined, 'anthropic', [5, 10, 20, 24, 24]],
    [
      'per-provider base (case-insensitive)',
      { billingBackoffHoursByProvider: { Anthropic: 1 } },
      'anthropic',
      [1, 2, 4, 8, 16],
    ],
    [
      'per-provider base for another provider',
      { billingBackoffHoursByProvider: { openai: 1 } },
      'anthropic',
      [5, 10, 20, 24, 24],
    ],
    ['base and max', { billingBackoffHours: 2, billingMaxHours: 6 }, 'openai', [2, 4, 6, 6, 6]],
  ])('billing with %s', (_name, cfg, provider, hours) => {
    const { stats, lengths } = failRepeatedly(5, 'billing', provider, cfg);
    expect(lengths).toEqual(hours);
    expect(stats.disabledReason).toBe('billing');
    expect(stats.cooldownUntil).toBeUndefined();
  });

  test('billing counts only billing failures for its back-off', () => {
    let stats = applyFailure(undefined, 'rate_limit', NOW, 'anthropic');
    stats = applyFailure(stats, 'rate_limit', NOW + MIN, 'anthropic');
    stats = applyFailure(stats, 'billing', NOW + 2 * MIN, 'anthropic');
    expect(stats.disabledUntil).toBe(NOW + 2 * MIN + 5 * HOUR);
    expect(stats.errorCount).toBe(3);
    expect(stats.failureCounts).toEqual({ rate_limit: 2, billing: 1 });
  });

  test.each<[string, number, CooldownConfig | undefined, number, number]>([
    ['last failure 25 h ago: counts restart', 25 * HOUR, undefined, 1, 1],
    ['last failure 23 h ago: counts go on', 23 * HOUR, undefined, 5, 60],
    ['custom window of 2 h, failure 3 h ago', 3 * HOUR, { failureWindowHours: 2 }, 1, 1],
    ['custom window of 2 h, failure 1 h ago', 1 * HOUR, { failureWindowHours: 2 }, 5, 60],
  ])('failure window: %s', (_name, age, cfg, errorCount, minutes) => {
    const old: UsageStats = {
      errorCount: 4,
      failureCounts: { rate_limit: 4 },
      lastFailureAt: NOW - age,
      lastUsed: 1,
    };
    const stats = applyFailure(old, 'rate_limit', NOW, 'anthropic', cfg);
    expect(stats.errorCount).toBe(errorCount);
    expect(stats.failureCounts).toEqual({ rate_limit: errorCount });
    expect(stats.cooldownUntil).toBe(NOW + minutes * MIN);
    expect(stats.lastFailureAt).toBe(NOW);
    expect(stats.lastUsed).toBe(1);
  });

  test('billing window reset restarts the doubling', () => {
    const old: UsageStats = { errorCount: 3, failureCounts: { billing: 3 }, lastFailureAt: NOW - 30 * HOUR };
    expect(applyFailure(old, 'billing', NOW, 'anthropic').disabledUntil).toBe(NOW + 5 * HOUR);
  });
});

describe('success and clear', () => {
  const failed: UsageStats = {
    lastUsed: 5,
    errorCount: 3,
    lastFailureAt: NOW - MIN,
    cooldownUntil: NOW + 25 * MIN,
    disabledUntil: NOW + 5 * HOUR,
    disabledReason: 'billing',
    failureCounts: { billing: 1, rate_limit: 2 },
    futureField: 'kept',
  };

  test('a success sets lastUsed and clears every failure mark', () => {
    expect(applySuccess(failed, NOW)).toEqual({
      lastUsed: NOW,
      lastFailureAt: NOW - MIN,
      futureField: 'kept',
    });
    expect(isInCooldown(applySuccess(failed, NOW), NOW)).toBeUndefined();
  });

  test('an explicit clear keeps lastUsed', () => {
    expect(clearCooldownStats(failed)).toEqual({
      lastUsed: 5,
      lastFailureAt: NOW - MIN,
      futureField: 'kept',
    });
    expect(clearCooldownStats(undefined)).toEqual({});
  });
});

describe('isInCooldown', () => {
  test.each<[string, UsageStats | undefined, ReturnType<typeof isInCooldown>]>([
    ['no stats', undefined, undefined],
    ['cooldown ahead', { cooldownUntil: NOW + MIN }, { until: NOW + MIN, reason: 'cooldown' }],
    ['cooldown just over', { cooldownUntil: NOW }, undefined],
    [
      'billing ahead',
      { disabledUntil: NOW + HOUR, disabledReason: 'billing' },
      { until: NOW + HOUR, reason: 'billing' },
    ],
    [
      'both: the later end, disable reason',
      { cooldownUntil: NOW + 2 * HOUR, disabledUntil: NOW + HOUR, disabledReason: 'billing' },
      { until: NOW + 2 * HOUR, reason: 'billing' },
    ],
    [
      'billing over, cooldown ahead',
      { cooldownUntil: NOW + MIN, disabledUntil: NOW - 1 },
      { until: NOW + MIN, reason: 'cooldown' },
    ],
  ])('%s', (_name, stats, expected) => {
    expect(isInCooldown(stats, NOW)).toEqual(expected);
  });
});
