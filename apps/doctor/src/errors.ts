/** Stable error codes of the doctor (never renamed once shipped). */
export type DoctorErrorCode = 'DOCTOR_REPAIR_FAILED' | 'DOCTOR_CHECK_FAILED';

/** The one error class of the doctor package: match on `code` + `hint`, never on `instanceof`. */
export class DoctorError extends Error {
  readonly code: DoctorErrorCode;
  readonly hint?: string;
  readonly path?: string;

  constructor(
    code: DoctorErrorCode,
    message: string,
    opts: { hint?: string; path?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DoctorError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.path !== undefined) this.path = opts.path;
  }
}

/** The parts of a package error doctor shows: code, message, hint, path (never a cause or stack). */
export interface ErrorLike {
  code: string;
  message: string;
  hint?: string;
  path?: string;
}

/** Reads the shape of any thrown value; unknown throws get code UNEXPECTED. */
export function toErrorLike(err: unknown): ErrorLike {
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const out: ErrorLike = {
    code: typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED',
    message: typeof e['message'] === 'string' ? e['message'] : String(err),
  };
  if (typeof e['hint'] === 'string') out.hint = e['hint'];
  if (typeof e['path'] === 'string') out.path = e['path'];
  return out;
}
