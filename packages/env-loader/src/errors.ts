/** Stable error codes thrown by this package. */
export type EnvLoaderErrorCode =
  | 'ENV_VAR_MISSING'
  | 'INVALID_AGENT_ID'
  | 'INVALID_PROVIDER_ID'
  | 'INVALID_PROFILE_ID';

/** The one error class of env-loader; the CLI matches `code` + `hint`, never `instanceof`. */
export class EnvLoaderError extends Error {
  readonly code: EnvLoaderErrorCode;
  readonly hint?: string;
  readonly path?: string;
  /** Config path of the value that referenced the variable (ENV_VAR_MISSING). */
  readonly configPath?: string;
  /** Name of the variable involved (ENV_VAR_MISSING). */
  readonly variable?: string;

  constructor(
    code: EnvLoaderErrorCode,
    message: string,
    extra: { hint?: string; path?: string; configPath?: string; variable?: string } = {},
  ) {
    super(message);
    this.name = 'EnvLoaderError';
    this.code = code;
    if (extra.hint !== undefined) this.hint = extra.hint;
    if (extra.path !== undefined) this.path = extra.path;
    if (extra.configPath !== undefined) this.configPath = extra.configPath;
    if (extra.variable !== undefined) this.variable = extra.variable;
  }
}
