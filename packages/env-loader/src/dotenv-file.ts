import fs from 'node:fs';

/** What one `.env` file contributed: its variables and one warning per line it could not use. */
export interface DotenvFile {
  path: string;
  exists: boolean;
  vars: Record<string, string>;
  warnings: string[];
}

/** A `.env` larger than this is refused unread: no credential file is that big. */
export const DOTENV_MAX_BYTES = 1024 * 1024;

// A hostile file could hold a million bad lines: name the first few, count the rest.
const LISTED_PROBLEMS = 5;
const ASSIGNMENT = /^\s*(?:export\s+)?[\w.-]+(?:\s*=|:\s)(.*)$/;
const QUOTES = ['"', "'", '`'] as const;

/** Index just past the closing `quote` in `text` from `from`, or -1 (backslash escapes it). */
function findClosingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/** For each quote and line j: the first line >= j holding a closing quote, or -1 (one backward pass: linear). */
function closingLines(lines: string[]): Record<string, Int32Array> {
  const table: Record<string, Int32Array> = {};
  for (const quote of QUOTES) {
    const next = new Int32Array(lines.length + 1).fill(-1);
    for (let j = lines.length - 1; j >= 0; j--) {
      const line = lines[j] ?? '';
      next[j] = line.includes(quote) && findClosingQuote(line, quote, 0) !== -1 ? j : (next[j + 1] ?? -1);
    }
    table[quote] = next;
  }
  return table;
}

/** The assignments of a `.env` (multi-line quoted values joined) and the lines that are none. */
export interface DotenvScan {
  entries: string[];
  problems: { line: number; reason: string }[];
}

/**
 * Splits a `.env` source into assignments, in time linear in its size (dotenv's own regex is
 * quadratic on a file of blank lines). A line that is neither blank, a comment, an assignment
 * nor the continuation of a multi-line quoted value is a problem, and so is an assignment whose
 * quote never closes: both are skipped, so the warning that names them is true.
 */
export function scanDotenv(source: string): DotenvScan {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const closing = closingLines(lines);
  const entries: string[] = [];
  const problems: { line: number; reason: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(text);
    if (!match) {
      problems.push({ line: i + 1, reason: 'not a KEY=VALUE line' });
      continue;
    }
    const value = (match[1] ?? '').trimStart();
    const quote = value[0];
    if (quote === undefined || !(QUOTES as readonly string[]).includes(quote)) {
      entries.push(text);
      continue;
    }
    if (findClosingQuote(value, quote, 1) !== -1) {
      entries.push(text);
      continue;
    }
    const end = closing[quote]?.[i + 1] ?? -1;
    if (end === -1) {
      problems.push({ line: i + 1, reason: `unterminated ${quote} quote` });
      continue;
    }
    entries.push(lines.slice(i, end + 1).join('\n'));
    i = end;
  }
  return { entries, problems };
}

/** The lines a `.env` parse skips, with why (see scanDotenv). */
export function findMalformedLines(source: string): { line: number; reason: string }[] {
  return scanDotenv(source).problems;
}

type ReadOutcome = { source: string } | { missing: true } | { warning: string };

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const tooLarge = (filePath: string, size: string): ReadOutcome => ({
  warning: `${filePath}: larger than 1 MiB${size}; not read (a .env holds a few variables)`,
});

/** Reads a regular file of at most DOTENV_MAX_BYTES; a FIFO, device or directory is never read. */
async function readBounded(filePath: string): Promise<ReadOutcome> {
  // Synchronous on purpose: a few small files per command, read before anything else can run;
  // the event-loop round trips of fs/promises cost more than the reads.
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { warning: `${filePath}: cannot read (${code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile())
      return { warning: `${filePath}: ${kindOf(stat)}, not a file; not read (remove or rename it)` };
    if (stat.size > DOTENV_MAX_BYTES) return tooLarge(filePath, ` (${stat.size} bytes)`);
    // not zero-filled: only the bytes read are used; one byte past the bound notices a file that grew
    const buffer = Buffer.allocUnsafe(DOTENV_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const bytesRead = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > DOTENV_MAX_BYTES) return tooLarge(filePath, '');
    }
    return { source: buffer.toString('utf8', 0, length) };
  } catch (error) {
    return { warning: `${filePath}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and parses one `.env` file; a missing file is empty, an unreadable or unusable one is a warning. */
export async function readDotenvFile(filePath: string): Promise<DotenvFile> {
  const read = await readBounded(filePath);
  if ('missing' in read) return { path: filePath, exists: false, vars: {}, warnings: [] };
  if ('warning' in read) return { path: filePath, exists: false, vars: {}, warnings: [read.warning] };
  // Loaded lazily: the parser is only needed once a file exists.
  const { parse } = await import('dotenv');
  const { entries, problems } = scanDotenv(read.source);
  // Each assignment parsed on its own: linear, and a skipped line can never leak into a value.
  const vars: Record<string, string> = {};
  for (const entry of entries) Object.assign(vars, parse(entry));
  const warnings = problems
    .slice(0, LISTED_PROBLEMS)
    .map((p) => `${filePath}:${p.line}: ${p.reason}; line skipped, the rest of the file was loaded`);
  if (problems.length > LISTED_PROBLEMS)
    warnings.push(`${filePath}: ${problems.length - LISTED_PROBLEMS} more lines skipped`);
  return { path: filePath, exists: true, vars, warnings };
}
