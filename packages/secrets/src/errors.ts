/** Stable error codes thrown by this package. */
export type SecretsErrorCode = 'SECRET_REF_UNRESOLVED' | 'KEYRING_UNAVAILABLE';

/**
 * The one error class of secrets. Messages name the provider, the source and what went
 * wrong (timed out, exited 3, not protocol v1 JSON), never what a resolver printed: its
 * output may hold the secret.
 */
export class SecretsError extends Error {
  readonly code: SecretsErrorCode;
  /** reason code of status and explain (upstream's `unresolved_ref`) */
  readonly reason = 'unresolved_ref' as const;
  readonly hint?: string;
  readonly path?: string;

  constructor(code: SecretsErrorCode, message: string, extra: { hint?: string; path?: string } = {}) {
    super(message);
    this.name = 'SecretsError';
    this.code = code;
    if (extra.hint !== undefined) this.hint = extra.hint;
    if (extra.path !== undefined) this.path = extra.path;
  }
}
