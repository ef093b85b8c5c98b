/** Error codes raised by the CLI itself (input it rejects before calling a package). */
export type CliErrorCode =
  | 'INVALID_DURATION'
  | 'EMPTY_TOKEN'
  | 'TOKEN_LOOKS_LIKE_OAUTH_CODE'
  | 'PROFILE_PROVIDER_MISMATCH'
  | 'PROFILE_ID_LOOKS_LIKE_SECRET'
  | 'NO_TTY'
  | 'UNKNOWN_LOGIN_METHOD'
  | 'MISSING_FLAG'
  | 'RISK_NOT_ACCEPTED'
  | 'NO_CREDENTIAL_GIVEN'
  | 'PROFILE_NOT_FOUND'
  | 'USAGE'
  | 'TOKEN_TOO_SHORT'
  | 'NO_ENV_VAR'
  | 'COMMAND_NOT_STARTED'
  | 'UNKNOWN_EVENT';

/** A user-fixable error raised by the CLI: `code`, a message naming the flag/profile, the next command. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly hint?: string;
  constructor(code: CliErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    if (hint) this.hint = hint;
  }
}
