import os from 'node:os';
import { logLine, type SyncContext } from './context.js';

const GUARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(sig: NodeJS.Signals): number {
  return 128 + (os.constants.signals[sig] ?? 0);
}

/**
 * Runs `fn` (a token request and the save of its rotation) so that Ctrl-C, SIGTERM or SIGHUP
 * cannot lose the rotation (invariant 9): once the single-use refresh token is spent, the new
 * grant is the only working one. A signal received meanwhile is noted with one line; when `fn`
 * has finished (saved, or written to a recovery file) the process exits 128 + signal. If `fn`
 * is still running `boundMs` after the signal (past the HTTP deadline), it exits anyway.
 */
export async function finishDespiteSignals<T>(
  ctx: SyncContext,
  boundMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  let caught: NodeJS.Signals | undefined;
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (caught !== undefined) return;
    caught = sig;
    logLine(
      ctx,
      `${sig}: finishing the token refresh first so the new login is not lost (at most ${Math.ceil(boundMs / 1000)} s)`,
    );
    timer = setTimeout(() => process.exit(signalExitCode(sig)), boundMs);
  };
  for (const s of GUARDED) process.on(s, onSignal);
  try {
    return await fn();
  } finally {
    for (const s of GUARDED) process.off(s, onSignal);
    if (timer !== undefined) clearTimeout(timer);
    if (caught !== undefined) process.exit(signalExitCode(caught));
  }
}
