import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** A running child's output, collected as it comes, with a wait for what a test expects next. */
export interface WatchedChild {
  /** everything the child wrote so far (the object is live) */
  state: { out: string; err: string };
  /** the exit code once it closed */
  exited: Promise<number | null>;
  /** the exit code and the signal once it closed */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves once `check(stdout)` holds; rejects after `timeoutMs` (a deadline, not a timing
   * assertion) naming `what` and showing what the child wrote.
   */
  until(check: (out: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
}

/** Collects a child's stdout and stderr (strings) and lets a test wait for its output. */
export function watchChild(child: ChildProcessWithoutNullStreams): WatchedChild {
  const state = { out: '', err: '' };
  child.stdout.on('data', (d) => {
    state.out += d;
  });
  child.stderr.on('data', (d) => {
    state.err += d;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const until = (check: (out: string) => boolean, what: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        if (check(state.out)) return resolve();
        if (Date.now() - started > timeoutMs) {
          return reject(
            new Error(
              `waiting for ${what}: stdout ${JSON.stringify(state.out.slice(-2000))}, stderr ${JSON.stringify(state.err.slice(-2000))}`,
            ),
          );
        }
        setTimeout(poll, 20);
      };
      poll();
    });
  return { state, exited: closed.then((c) => c.code), closed, until };
}
