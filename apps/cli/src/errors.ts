import { exitCodeFor, isShapedError, isUsageError } from './exit-codes.js';

/** Error codes raised by the CLI itself (input it rejects before calling a package). */
export type CliErrorCode =
  | 'INVALID_DURATION'
  | 'EMPTY_TOKEN'
  | 'TOKEN_LOOKS_LIKE_OAUTH_CODE'
  | 'PROFILE_PROVIDER_MISMATCH'
  | 'NO_TTY'
  | 'UNKNOWN_LOGIN_METHOD'
  | 'MISSING_FLAG'
  | 'RISK_NOT_ACCEPTED'
  | 'NO_CREDENTIAL_GIVEN'
  | 'PROFILE_NOT_FOUND'
  | 'USAGE';

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

export interface RenderErrorOptions {
  debug?: boolean;
  /** Usage line of the command, shown under a usage error. */
  usage?: string;
  helpCommand?: string;
}

/** The lines printed on stderr for an error: `Error: <what>` then what to run. Never a stack unless debug. */
export function renderError(err: unknown, opts: RenderErrorOptions = {}): string[] {
  const lines: string[] = [];
  const message = firstLine((err as Error)?.message ?? String(err));
  if (isShapedError(err)) {
    lines.push(`Error: ${message}`);
    if (err.hint) lines.push(hintLine(err.hint));
  } else if (isUsageError(err)) {
    lines.push(`Error: ${message}`);
    if (opts.usage) lines.push(`Usage: ${opts.usage}`);
    if (opts.helpCommand) lines.push(`See: ${opts.helpCommand}`);
  } else {
    lines.push(`Error: ${message || 'unexpected failure'}`);
    lines.push(
      'This is a bug in clawdbot: please report it with the output of the same command run with --debug.',
    );
  }
  if (opts.debug && err instanceof Error && err.stack) lines.push(err.stack);
  return lines;
}

function hintLine(hint: string): string {
  return /^(clawdbot|claude)\b/.test(hint) ? `Run: ${hint}` : capitalize(hint);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The one line that says what is wrong (oclif's parse errors wrap it in boilerplate lines). */
function firstLine(s: string): string {
  const lines = s
    .replace(/^Error:\s*/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(The following errors? occurred:|See more help with)/i.test(l));
  return (lines[0] ?? '').replace(/^Missing required flag (\w[\w-]*)/, 'Missing required flag --$1');
}

/** True when --debug is on the command line or DEBUG is set. */
export function debugEnabled(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  return argv.includes('--debug') || Boolean(env.DEBUG && env.DEBUG !== '0');
}

/** Print an error and return the exit status from the one table. */
export function reportError(
  err: unknown,
  opts: RenderErrorOptions & { write?: (s: string) => void } = {},
): number {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  write(`${renderError(err, opts).join('\n')}\n`);
  return exitCodeFor(err);
}

/** The stdout document of a failed `--json` run: `{ error: { code, message, hint? } }` (never a stack). */
export function errorJson(err: unknown): { error: { code: string; message: string; hint?: string } } {
  const e = err as { code?: unknown; hint?: unknown; message?: unknown };
  const code = isShapedError(err) ? err.code : isUsageError(err) ? 'USAGE' : 'INTERNAL';
  const out: { code: string; message: string; hint?: string } = {
    code,
    message: firstLine(String(e?.message ?? err)),
  };
  if (typeof e?.hint === 'string') out.hint = e.hint;
  return { error: out };
}
