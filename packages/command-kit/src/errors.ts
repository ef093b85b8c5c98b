import { readFileSync } from 'node:fs';
import { exitCodeFor, isInterrupt, isShapedError, isUsageError } from './exit-codes.js';
import { printable, tildePaths } from './output.js';

export interface RenderErrorOptions {
  debug?: boolean;
  /** Usage line of the command, shown under a usage error. */
  usage?: string;
  helpCommand?: string;
  /** HOME: paths under it are shown with `~`, as everywhere else in our output. */
  home?: string;
  /** The binary, for "Unknown command: <bin> ..." (default `clawdbot`). */
  bin?: string;
  /** Known command ids (`models:status`), to tell an extra argument from an unknown command. */
  commandIds?: Iterable<string>;
}

/** Options of {@link reportError}: where to write and whether stdout gets the JSON document. */
export interface ReportErrorOptions extends RenderErrorOptions {
  write?: (s: string) => void;
  /**
   * Also print the `--json` error document on stdout. Left out: only for an unknown command run
   * with `--json` (no command, hence none of their --json handling, ran before it).
   */
  json?: boolean;
}

/** The lines printed on stderr for an error: `Error: <what>` then what to run. Never a stack unless debug. */
export function renderError(err: unknown, opts: RenderErrorOptions = {}): string[] {
  const lines: string[] = [];
  if (isInterrupt(err)) return lines; // Ctrl-C: the user knows; say nothing
  const message = tildePaths(firstLine((err as Error)?.message ?? String(err)), opts.home);
  if (isShapedError(err)) {
    lines.push(`Error: ${message}`);
    for (const d of detailsOf(err)) lines.push(`  - ${tildePaths(firstLine(d), opts.home)}`);
    if (err.hint) lines.push(tildePaths(hintLine(err.hint), opts.home));
  } else if (isUsageError(err)) {
    const extra = extraArgument(message, opts);
    lines.push(`Error: ${extra?.message ?? message}`);
    if (opts.usage) lines.push(`Usage: ${opts.usage}`);
    const help = extra?.help ?? opts.helpCommand;
    if (help) lines.push(`See: ${help}`);
  } else {
    lines.push(`Error: ${message || 'unexpected failure'}`);
    lines.push(
      'This is a bug in clawdbot: please report it with the output of the same command run with --debug.',
    );
  }
  if (opts.debug && err instanceof Error && err.stack) lines.push(err.stack);
  return lines;
}

/** An error's `details`: one line each (what failed, attempt by attempt), printed under it. */
function detailsOf(err: unknown): string[] {
  const d = (err as { details?: unknown }).details;
  return Array.isArray(d) ? d.filter((x): x is string => typeof x === 'string') : [];
}

/** A hint as every error prints it: `Run: <command>` for a command, else the sentence. */
export function hintLine(hint: string): string {
  return /^(clawdbot|claude|npm|npx|pnpm|brew|export)\b/.test(hint) ? `Run: ${hint}` : capitalize(hint);
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
  const first = lines[0] ?? '';
  // `Parsing --x` + the reason on the next line → one line naming the flag and the reason.
  const parsing = /^Parsing (--[\w-]+)$/.exec(first);
  if (parsing) return `Invalid value for ${parsing[1]}: ${lines[1] ?? 'not accepted'}`;
  // `Missing 1 required arg:` + `name  description` lines → the argument names.
  if (/^Missing \d+ required args?:?$/.test(first)) {
    // `name  description` lines; a wrapped description continues on an indented line.
    const listed = s
      .split('\n')
      .slice(1)
      .filter((l) => /^\S+(\s{2,}|$)/.test(l) && !/^See more/.test(l));
    const names = listed.map((l) => `<${l.split(/\s+/)[0]}>`);
    return `Missing required argument ${names.join(', ') || '(see usage)'}`;
  }
  return first.replace(/^Missing required flag (\w[\w-]*)/, 'Missing required flag --$1');
}

/**
 * oclif reports `clawdbot models status extra` as "command models:status:extra not found":
 * when a known command is a prefix, say which argument is unexpected and whose help to read.
 */
function extraArgument(
  message: string,
  opts: Pick<RenderErrorOptions, 'bin' | 'commandIds'>,
  argv: readonly string[] = process.argv.slice(2),
): { message: string; help: string } | undefined {
  const m = /^command (\S+) not found$/.exec(message);
  if (!m?.[1]) return undefined;
  const bin = opts.bin ?? 'clawdbot';
  const parts = m[1].split(':');
  const ids = new Set(opts.commandIds ?? []);
  for (let n = parts.length - 1; n > 0; n--) {
    const id = parts.slice(0, n).join(':');
    if (!ids.has(id)) continue;
    const command = parts.slice(0, n).join(' ');
    const help = `${bin} ${command} --help`;
    if ([...ids].some((other) => other.startsWith(`${id}:`))) {
      return { message: `Unknown command: ${bin} ${parts.join(' ')}`, help }; // a topic: `models nope`
    }
    const typed = asTyped(parts.slice(n).join(':'), argv);
    return { message: `Unexpected argument "${typed}" for ${bin} ${command}`, help };
  }
  return { message: `Unknown command: ${bin} ${parts.join(' ')}`, help: `${bin} --help` };
}

/**
 * The words of `rest` (oclif's id tail, words joined by ":") as the user typed them: an id such
 * as `anthropic:work` keeps its colon, two words keep their space.
 */
function asTyped(rest: string, argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    for (let k = 1; i + k <= argv.length; k++) {
      const words = argv.slice(i, i + k);
      if (words.join(':') === rest) return words.join(' ');
      if (words.join(':').length >= rest.length) break;
    }
  }
  return rest;
}

/**
 * Command ids from a shipped oclif manifest (for errors raised before any command ran, where
 * no oclif config is at hand); empty when it cannot be read.
 */
export function readManifestCommandIds(manifest: URL | string): Set<string> {
  try {
    const doc = JSON.parse(readFileSync(manifest, 'utf8'));
    return new Set(Object.keys(doc.commands ?? {}));
  } catch {
    return new Set();
  }
}

/** True when --debug is on the command line or DEBUG is set. */
export function debugEnabled(argv: readonly string[], env: Record<string, string | undefined>): boolean {
  return argv.includes('--debug') || Boolean(env.DEBUG && env.DEBUG !== '0');
}

/** Print an error (and with `json`, its JSON document on stdout) and return the exit status from the one table. */
export function reportError(err: unknown, opts: ReportErrorOptions = {}): number {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  if (isInterrupt(err)) return exitCodeFor(err);
  const json = opts.json ?? (isUnknownCommand(err) && jsonRequested(process.argv.slice(2)));
  if (json) process.stdout.write(`${JSON.stringify(errorJson(err, opts), null, 2)}\n`);
  // The process edge: HOME is the one the command ran with (paths shown with ~).
  write(`${printable(renderError(err, { home: process.env.HOME, ...opts }).join('\n'))}\n`);
  return exitCodeFor(err);
}

/** oclif's "command x:y not found": raised before any command runs. */
function isUnknownCommand(err: unknown): boolean {
  return isUsageError(err) && /^command \S+ not found$/.test(firstLine(String((err as Error)?.message)));
}

/** True when `--json` stands before any `--` (as oclif reads it). */
function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** What a failed `--json` run prints on stdout. */
export interface ErrorDocument {
  error: { code: string; message: string; hint?: string; details?: string[] };
}

/**
 * The stdout document of a failed `--json` run: `{ error: { code, message, hint? } }` (never a
 * stack). Paths stay absolute, as in every JSON document of ours and upstream's.
 */
export function errorJson(
  err: unknown,
  opts: Pick<RenderErrorOptions, 'bin' | 'commandIds'> = {},
): ErrorDocument {
  const e = err as { code?: unknown; hint?: unknown; message?: unknown };
  const code = isShapedError(err) ? err.code : isUsageError(err) ? 'USAGE' : 'INTERNAL';
  const message = firstLine(String(e?.message ?? err));
  const extra = isUsageError(err) ? extraArgument(message, opts) : undefined;
  const out: ErrorDocument['error'] = { code, message: extra?.message ?? message };
  if (typeof e?.hint === 'string') out.hint = e.hint;
  else if (extra) out.hint = extra.help;
  const details = detailsOf(err);
  if (details.length) out.details = details;
  return { error: out };
}
