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

  constructor(code: ClaudeSyncErrorCode, message: string, opts: { hint?: string; path?: string } = {}) {
    super(message);
    this.name = 'ClaudeSyncError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
  }
}

/** The exact command that logs a provider in again (claude-cli profiles are Claude Code's login). */
export function reloginHint(provider: string, profileId?: string): string {
  if (profileId === 'anthropic:claude-cli')
    return 'claude setup-token (or: claude login), then: clawdbot models status';
  if (profileId === 'openai-codex:codex-cli') return 'codex login, then: clawdbot models status';
  return `clawdbot models auth login --provider ${provider}`;
}
