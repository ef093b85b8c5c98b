/** Stable error codes of the runtime. Never renamed once shipped. */
export type RuntimeErrorCode =
  | 'EMPTY_MESSAGE'
  | 'DIRECTIVE_INVALID'
  | 'MODEL_UNKNOWN'
  | 'MODEL_NOT_ALLOWED'
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_PROVIDER_MISMATCH'
  | 'PROFILE_NOT_IN_ORDER'
  | 'CLAUDE_CODE_ONLY_CREDENTIAL'
  | 'REQUEST_FORMAT'
  | 'NO_CREDENTIAL'
  | 'PROFILE_DEAD'
  | 'FAILOVER_EXHAUSTED'
  | 'SESSIONS_PARSE_FAILED'
  | 'SESSIONS_WRITE_FAILED';

import { type Attempt, describeAttempt } from './world.js';

/** The one error class of model-runtime: a stable `code`, a message naming the thing, a `hint` to run next. */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  readonly code: RuntimeErrorCode;
  readonly hint?: string;
  readonly path?: string;
  /** The credentials tried before the turn failed (failover errors). */
  readonly attempts?: Attempt[];
  /** One line per attempt, printed under the message (the CLI shows them before the hint). */
  readonly details?: string[];

  constructor(
    code: RuntimeErrorCode,
    message: string,
    opts: { hint?: string; path?: string; attempts?: Attempt[] } = {},
  ) {
    super(message);
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
    if (opts.attempts !== undefined) {
      this.attempts = opts.attempts;
      this.details = opts.attempts.map(describeAttempt);
    }
  }
}

/** Advice for the Claude-Code-only credential error (spec 03). */
export const CLAUDE_CODE_ONLY_HINT =
  'use an Anthropic API key: set ANTHROPIC_API_KEY or run `clawdbot onboard`; ' +
  '`clawdbot models auth paste-token --provider anthropic` is for setup-tokens';
