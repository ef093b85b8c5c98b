/** Stable error codes of this package. Never renamed once shipped. */
export type ClaudeSyncErrorCode =
  | 'OAUTH_REFRESH_REVOKED'
  | 'OAUTH_REFRESH_TRANSIENT'
  | 'OAUTH_EXCHANGE_FAILED'
  | 'OAUTH_STATE_MISMATCH'
  | 'OAUTH_LOGIN_CANCELLED'
  | 'OAUTH_LOGIN_TIMEOUT'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_NOT_OAUTH'
  | 'CLAUDE_NOT_INSTALLED'
  | 'NO_TTY'
  | 'CLAUDE_SETUP_TOKEN_FAILED'
  | 'CLAUDE_CODE_ONLY_CREDENTIAL'
  | 'WRITE_BACK_FAILED';

/** The one error class of claude-sync: a stable `code`, a message naming the file or profile, a hint. */
export class ClaudeSyncError extends Error {
  readonly code: ClaudeSyncErrorCode;
  readonly hint?: string;
  readonly path?: string;
  /** the profile the error is about (the recovery of a revoked login is chosen from it) */
  readonly profileId?: string;
  readonly provider?: string;

  constructor(
    code: ClaudeSyncErrorCode,
    message: string,
    opts: { hint?: string; path?: string; profileId?: string; provider?: string } = {},
  ) {
    super(message);
    this.name = 'ClaudeSyncError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
    if (opts.profileId !== undefined) this.profileId = opts.profileId;
    if (opts.provider !== undefined) this.provider = opts.provider;
  }
}
