/** Stable error codes of @clawdbot-auth/fs-safe (never renamed once shipped). */
export type FsSafeErrorCode =
  /** Another live process holds the lock for longer than we wait. */
  | 'LOCK_BUSY'
  /** The lock's timestamp lies in the future, so it would never go stale by itself. */
  | 'LOCK_FUTURE'
  /** The lock cannot be made or taken over: permissions, read-only file system. */
  | 'LOCK_DENIED'
  /** The file changed under us on every retry (another writer kept winning). */
  | 'WRITE_CONFLICT'
  | 'WRITE_FAILED'
  | 'READ_FAILED';

/**
 * The one error class of fs-safe. Messages name the file and the real cause, never file
 * contents. Callers usually wrap it into their own error class (keeping `code` in `reason`).
 */
export class FsSafeError extends Error {
  readonly code: FsSafeErrorCode;
  readonly path: string;
  readonly hint?: string;

  constructor(
    code: FsSafeErrorCode,
    message: string,
    opts: { path: string; hint?: string; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FsSafeError';
    this.code = code;
    this.path = opts.path;
    if (opts.hint !== undefined) this.hint = opts.hint;
  }
}

/** A cause safe to attach: only the system error code and syscall, never file contents. */
export function safeCause(err: unknown): { code?: string; syscall?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as NodeJS.ErrnoException;
  return { code: e.code, syscall: e.syscall };
}

/** The errno code of an error, or undefined. */
export function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as NodeJS.ErrnoException).code : undefined;
}

/** Matches an FsSafeError by shape (works across duplicated module copies). */
export function isFsSafeError(err: unknown): err is FsSafeError {
  return err instanceof Error && err.name === 'FsSafeError' && typeof (err as FsSafeError).code === 'string';
}
