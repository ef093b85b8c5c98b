/**
 * The one exit-code table of the CLI. Errors are matched by shape (`code`, `hint`), never
 * by class: every package exports its own error class with a stable SCREAMING_SNAKE code.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done; or `models status --check` found nothing to report |
 * | 1 | failed (bad input or flag, unreadable file, provider error); or `--check`: missing/expired |
 * | 2 | only `models status --check`: a credential that cannot refresh itself expires within 24 h |
 * | 130 | interrupted: Ctrl-C at a prompt (nothing written, nothing printed) |
 */
export const EXIT = { OK: 0, FAILURE: 1, CHECK_EXPIRING: 2, INTERRUPTED: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Error codes whose exit status is not the default 1 (none today: listed so a new one is a one-line change). */
const CODE_EXIT: Readonly<Record<string, ExitCode>> = {};

/** A package error: what the CLI reads from anything thrown at it. */
export interface ShapedError {
  code: string;
  message: string;
  hint?: string;
  path?: string;
}

/** True when `err` has the shape of a package error (`code` string and `message`). */
export function isShapedError(err: unknown): err is ShapedError {
  if (!err || typeof err !== 'object') return false;
  const e = err as Record<string, unknown>;
  return typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code) && typeof e.message === 'string';
}

/** True for oclif's flag/argument parsing errors (they carry `parse`). */
export function isUsageError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { parse?: unknown; oclif?: { exit?: number }; message?: string };
  if (e.parse) return true;
  return /^(Error: )?(command .* not found|Missing required flag|Missing \d+ required arg|Unexpected arguments?|Nonexistent flags?|Flag --\S+ expects a value|Parsing --|Expected --\S+=)/i.test(
    e.message ?? '',
  );
}

/** oclif's ExitError (from `this.exit(n)`): the command already reported; keep its code. */
export function exitErrorCode(err: unknown): number | undefined {
  const e = err as { oclif?: { exit?: number }; code?: string } | undefined;
  if (e?.code === 'EEXIT' && typeof e.oclif?.exit === 'number') return e.oclif.exit;
  return undefined;
}

/**
 * True for Ctrl-C at a prompt: @inquirer/prompts rejects with ExitPromptError (or AbortPromptError
 * when its signal fires). The user asked to stop: no message, exit 130 as a shell reports SIGINT.
 */
export function isInterrupt(err: unknown): boolean {
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'ExitPromptError' || (err as { code?: unknown } | undefined)?.code === 'INTERRUPTED';
}

/** The exit status for any thrown value. Usage errors are 1, never oclif's 2 (a monitor reads 2 as "expiring"). */
export function exitCodeFor(err: unknown): ExitCode {
  const passed = exitErrorCode(err);
  if (passed !== undefined)
    return passed === 0
      ? EXIT.OK
      : passed === 2
        ? EXIT.CHECK_EXPIRING
        : passed === 130
          ? EXIT.INTERRUPTED
          : EXIT.FAILURE;
  if (isInterrupt(err)) return EXIT.INTERRUPTED;
  if (isShapedError(err)) return CODE_EXIT[err.code] ?? EXIT.FAILURE;
  return EXIT.FAILURE;
}

/** Set the process exit status for a successful run (the `--check` result). */
export function setExitCode(code: ExitCode): void {
  process.exitCode = code;
}
