import { readFile } from 'node:fs/promises';

/** What one `.env` file contributed: its variables and one warning per line it could not use. */
export interface DotenvFile {
  path: string;
  exists: boolean;
  vars: Record<string, string>;
  warnings: string[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?[\w.-]+(?:\s*=|:\s)(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/** Index just past the closing `quote` in `text` from `from`, or -1 (backslash escapes it). */
function findClosingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/**
 * Lists the lines dotenv's parser skips without a word: lines that are neither blank, a comment,
 * a `KEY=VALUE` / `export KEY=VALUE` assignment, nor the continuation of a multi-line quoted value.
 */
export function findMalformedLines(source: string): { line: number; reason: string }[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
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
    if (quote === undefined || !QUOTES.has(quote)) continue;
    if (findClosingQuote(value, quote, 1) !== -1) continue;
    const end = findContinuation(lines, i + 1, quote);
    if (end === -1) problems.push({ line: i + 1, reason: `unterminated ${quote} quote` });
    else i = end;
  }
  return problems;
}

/** Index of the line that closes a multi-line quoted value started above `start`, or -1. */
function findContinuation(lines: string[], start: number, quote: string): number {
  for (let j = start; j < lines.length; j++) {
    if (findClosingQuote(lines[j] ?? '', quote, 0) !== -1) return j;
  }
  return -1;
}

/** Reads and parses one `.env` file; a missing file is empty, an unreadable one is a warning. */
export async function readDotenvFile(filePath: string): Promise<DotenvFile> {
  let source: string;
  try {
    source = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { path: filePath, exists: false, vars: {}, warnings: [] };
    return {
      path: filePath,
      exists: false,
      vars: {},
      warnings: [`${filePath}: cannot read (${code ?? 'error'})`],
    };
  }
  // Loaded lazily: the parser is only needed once a file exists.
  const { parse } = await import('dotenv');
  const vars = parse(source);
  const warnings = findMalformedLines(source).map(
    (p) => `${filePath}:${p.line}: ${p.reason}; line skipped, the rest of the file was loaded`,
  );
  return { path: filePath, exists: true, vars, warnings };
}
