/** Stable error codes of this package. Never renamed once shipped. */
export type CredentialsErrorCode =
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_PROVIDER_MISMATCH'
  | 'NO_LOCAL_LOGIN'
  | 'KEYRING_WITH_SHARED_STORE';

/** The one error class of credentials: a stable `code`, a message naming the profile, a hint. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  readonly code: CredentialsErrorCode;
  readonly hint?: string;
  readonly path?: string;

  constructor(code: CredentialsErrorCode, message: string, opts: { hint?: string; path?: string } = {}) {
    super(message);
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
  }
}
