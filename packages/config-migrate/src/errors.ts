/** Stable error codes of this package (never renamed once shipped). */
export type ConfigErrorCode =
  | 'CONFIG_PARSE_FAILED'
  | 'CONFIG_READ_FAILED'
  | 'CONFIG_WRITE_FAILED'
  | 'CONFIG_LOCK_FAILED'
  | 'CONFIG_INVALID'
  | 'ENV_VAR_MISSING'
  | 'MODEL_REF_INVALID';

export interface ConfigErrorOptions {
  hint?: string;
  path?: string;
  cause?: unknown;
}

/** The one error class of config-migrate: match on `code` + `hint`, never on `instanceof`. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly hint?: string;
  readonly path?: string;

  constructor(code: ConfigErrorCode, message: string, opts: ConfigErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ConfigError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
  }
}
