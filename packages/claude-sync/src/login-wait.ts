import type { SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';

/** How long a login waits for the browser callback or a paste (5 min) unless told otherwise. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

/** Env variable that shortens or lengthens that wait (milliseconds). */
export const LOGIN_TIMEOUT_ENV = 'CLAWDBOT_OAUTH_LOGIN_TIMEOUT_MS';

/** The login wait: the option, else CLAWDBOT_OAUTH_LOGIN_TIMEOUT_MS, else 5 min. */
export function loginTimeoutMs(ctx: SyncContext, option?: number): number {
  if (option !== undefined && Number.isFinite(option) && option > 0) return option;
  const raw = ctx.env[LOGIN_TIMEOUT_ENV];
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_LOGIN_TIMEOUT_MS;
}

function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function rerunHint(provider: string): string {
  return `clawdbot models auth login --provider ${provider} (in a terminal, so you can paste the code if the browser cannot reach this machine)`;
}

/** Nothing was entered (stdin at EOF, prompt closed): the login stops. */
export function loginCancelled(provider: string): ClaudeSyncError {
  return new ClaudeSyncError('OAUTH_LOGIN_CANCELLED', `${provider}: no authorization code was entered`, {
    hint: rerunHint(provider),
  });
}

/** Neither the browser callback nor a paste arrived in time. */
export function loginTimedOut(provider: string, ms: number): ClaudeSyncError {
  return new ClaudeSyncError(
    'OAUTH_LOGIN_TIMEOUT',
    `${provider}: no browser sign-in and no pasted code within ${duration(ms)}; the login was stopped`,
    { hint: rerunHint(provider) },
  );
}

/**
 * Races `work` against a deadline; on expiry rejects with OAUTH_LOGIN_TIMEOUT and aborts
 * `stop` (which cancels a pending prompt). The timer never outlives the race.
 * @throws OAUTH_LOGIN_TIMEOUT
 */
export async function withLoginDeadline<T>(
  provider: string,
  ms: number,
  stop: AbortController,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = loginTimedOut(provider, ms);
      stop.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
