import { isFsSafeError } from '@clawdbot-auth/fs-safe';

/** Stable error codes of the auth store (never renamed once shipped). */
export type AuthStoreErrorCode =
  | 'STORE_PARSE_FAILED'
  | 'STORE_INVALID'
  | 'STORE_READ_FAILED'
  | 'STORE_WRITE_FAILED'
  | 'STORE_LOCK_FAILED'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_PROVIDER_MISMATCH'
  | 'PROFILE_TYPE_CONFLICT'
  | 'PROFILE_INVALID'
  | 'LEGACY_IMPORT_FAILED'
  | 'STORE_BACKEND_CONFIG'
  | 'STORE_BACKEND_UNAVAILABLE'
  | 'STORE_BACKEND_AUTH'
  | 'STORE_KEY_MISSING'
  | 'STORE_KEY_MISMATCH'
  | 'STORE_KEY_INVALID';

/** The one error class of @clawdbot-auth/auth-store. Messages name files and profiles, never secrets. */
export class AuthStoreError extends Error {
  readonly code: AuthStoreErrorCode;
  readonly hint?: string;
  readonly path?: string;

  constructor(
    code: AuthStoreErrorCode,
    message: string,
    opts: { hint?: string; path?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AuthStoreError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
  }
}

/** A cause safe to attach: only the system error code and syscall, never file contents. */
export function safeCause(err: unknown): { code?: string; syscall?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as NodeJS.ErrnoException;
  return { code: e.code, syscall: e.syscall };
}

const FS_SAFE_CODES: Record<string, AuthStoreErrorCode> = {
  LOCK_BUSY: 'STORE_LOCK_FAILED',
  LOCK_FUTURE: 'STORE_LOCK_FAILED',
  LOCK_DENIED: 'STORE_LOCK_FAILED',
  WRITE_CONFLICT: 'STORE_WRITE_FAILED',
  WRITE_FAILED: 'STORE_WRITE_FAILED',
  READ_FAILED: 'STORE_READ_FAILED',
};

/**
 * An fs-safe failure in the store's terms (same message, hint and path; fs-safe's own code
 * as the cause, e.g. LOCK_FUTURE). Anything else is returned as it is.
 */
export function fromFsSafe(err: unknown): unknown {
  if (!isFsSafeError(err)) return err;
  return new AuthStoreError(FS_SAFE_CODES[err.code] ?? 'STORE_WRITE_FAILED', err.message, {
    path: err.path,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    cause: { code: err.code },
  });
}
