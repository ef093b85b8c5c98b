import type * as z from 'zod/mini';
import {
  type AuthStore,
  CredentialSchema,
  type DeadMarker,
  DeadMarkerSchema,
  type UsageStats,
  UsageStatsSchema,
} from '../schema.js';
import { AuthStoreError } from './errors.js';

/** The file as parsed JSON: we edit this, so keys we do not know (and bad entries) survive. */
export type RawStore = Record<string, unknown> & { profiles?: Record<string, unknown> };
export interface Issue {
  path: string;
  message: string;
}

const RECORD_KEYS = ['profiles', 'order', 'lastGood', 'usageStats', 'clawdbot'] as const;

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function parseErrorPosition(text: string, err: unknown): { line: number; column: number } {
  const msg = err instanceof Error ? err.message : '';
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(msg);
  return lineColumn(text, pos ? Number(pos[1]) : text.length);
}

/** The store versions this code reads and writes (upstream writes 1). */
const KNOWN_VERSIONS = new Set([1]);

function parseFailed(file: string, text: string, offset: number, what: string): AuthStoreError {
  const { line, column } = lineColumn(text, offset);
  return new AuthStoreError(
    'STORE_PARSE_FAILED',
    `${file}:${line}:${column}: ${what}; the file was left unchanged.`,
    {
      path: file,
      hint: `fix the JSON at line ${line}, column ${column} of ${file} (a copy was kept next to it), or run: clawdbot doctor`,
    },
  );
}

/**
 * Decodes a store file's bytes as strict UTF-8: invalid bytes make it corrupt (decoding them
 * to U+FFFD and writing that back would lose them).
 * @throws STORE_PARSE_FAILED (with the line and column of the first bad byte)
 */
export function decodeStoreBytes(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const loose = bytes.toString('utf8');
    throw parseFailed(file, loose, loose.indexOf('\uFFFD'), 'not valid UTF-8');
  }
}

/**
 * The offset of the first key that repeats a key of the same object, or -1. Only for text
 * JSON.parse accepted: outside strings, valid JSON has no quote or bracket to misread.
 */
function duplicateKeyOffset(text: string): number {
  const stack: (Set<string> | undefined)[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?|[{}[\]]/g)) {
    const tok = m[0];
    if (tok === '{') stack.push(new Set());
    else if (tok === '[') stack.push(undefined);
    else if (tok === '}' || tok === ']') stack.pop();
    else if (m[2] !== undefined) {
      const keys = stack.at(-1);
      const key = JSON.parse(`"${m[1]}"`) as string;
      if (keys?.has(key)) return m.index;
      keys?.add(key);
    }
  }
  return -1;
}

/**
 * Parses the text of a store file and checks the top-level shape. Bad JSON and a key given
 * twice in one object (JSON.parse would silently keep the last) are parse failures; a
 * `version` we do not know (a newer format) makes the file invalid. Either way it is never
 * rewritten.
 * @throws STORE_PARSE_FAILED (path and line:column), STORE_INVALID
 */
export function parseRawStore(text: string, file: string): RawStore {
  let value: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(body);
  } catch (err) {
    const { line, column } = parseErrorPosition(text, err);
    throw new AuthStoreError(
      'STORE_PARSE_FAILED',
      `${file}:${line}:${column}: not valid JSON; the file was left unchanged.`,
      {
        path: file,
        hint: `fix the JSON at line ${line}, column ${column} of ${file} (a copy was kept next to it), or run: clawdbot doctor`,
      },
    );
  }
  const dup = duplicateKeyOffset(body);
  if (dup >= 0) throw parseFailed(file, body, dup, 'a key appears twice in one object');
  if (isPlainObject(value) && typeof value.version === 'number' && !KNOWN_VERSIONS.has(value.version)) {
    throw new AuthStoreError(
      'STORE_INVALID',
      `${file}: version ${value.version} is not a store version this clawdbot knows (1); the file was left unchanged.`,
      {
        path: file,
        hint: `use the clawdbot that wrote ${file} (a newer release), or move the file aside and log in again`,
      },
    );
  }
  const problem = topLevelProblem(value);
  if (problem !== undefined) {
    throw new AuthStoreError('STORE_INVALID', `${file}: ${problem}; the file was left unchanged.`, {
      path: file,
      hint: `fix ${file} by hand, or run: clawdbot doctor`,
    });
  }
  return value as RawStore;
}

function topLevelProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'expected a JSON object at the top level';
  if (value.version !== undefined && typeof value.version !== 'number') return 'version: expected number';
  for (const key of RECORD_KEYS) {
    if (value[key] !== undefined && !isPlainObject(value[key])) return `${key}: expected object`;
  }
  return undefined;
}

/** Formats one zod issue as `profiles["id"].key: expected string`. */
export function formatIssue(prefix: string, issue: z.core.$ZodIssue): Issue {
  const sub = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${issue.expected}`;
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type')
    message = 'expected "api_key", "token" or "oauth"';
  return { path: `${prefix}${sub}`, message };
}

function checkEntries<T>(
  name: string,
  record: Record<string, unknown> | undefined,
  check: (v: unknown) => { success: true; data: T } | { success: false; issues: z.core.$ZodIssue[] },
  invalid: Issue[],
): Record<string, T> | undefined {
  if (record === undefined) return undefined;
  const out: Record<string, T> = {};
  for (const [id, v] of Object.entries(record)) {
    const res = check(v);
    if (res.success) out[id] = res.data;
    else invalid.push(formatIssue(`${name}[${JSON.stringify(id)}]`, res.issues[0] as z.core.$ZodIssue));
  }
  return out;
}

const zodCheck =
  <T>(schema: z.ZodMiniType<T>) =>
  (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success
      ? { success: true as const, data: r.data }
      : { success: false as const, issues: r.error.issues };
  };

const stringList = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string')
    ? { success: true as const, data: v as string[] }
    : {
        success: false as const,
        issues: [
          { code: 'custom', path: [], message: 'expected an array of profile ids' } as z.core.$ZodIssue,
        ],
      };

const str = (v: unknown) =>
  typeof v === 'string'
    ? { success: true as const, data: v }
    : {
        success: false as const,
        issues: [{ code: 'custom', path: [], message: 'expected string' } as z.core.$ZodIssue],
      };

/** The usable view of a raw store: valid entries only; every bad entry reported by path. */
export function toView(raw: RawStore): { store: AuthStore; invalid: Issue[] } {
  const invalid: Issue[] = [];
  const profiles = checkEntries('profiles', raw.profiles, zodCheck(CredentialSchema), invalid) ?? {};
  const order = checkEntries('order', raw.order as Record<string, unknown> | undefined, stringList, invalid);
  const lastGood = checkEntries(
    'lastGood',
    raw.lastGood as Record<string, unknown> | undefined,
    str,
    invalid,
  );
  const usageStats = checkEntries<UsageStats>(
    'usageStats',
    raw.usageStats as Record<string, unknown> | undefined,
    zodCheck(UsageStatsSchema),
    invalid,
  );
  const extras = raw.clawdbot as Record<string, unknown> | undefined;
  const store: AuthStore = { ...raw, version: typeof raw.version === 'number' ? raw.version : 1, profiles };
  for (const [k, v] of [
    ['order', order],
    ['lastGood', lastGood],
    ['usageStats', usageStats],
  ] as const) {
    if (v === undefined) delete store[k];
    else store[k] = v as never;
  }
  if (extras !== undefined) store.clawdbot = checkExtras(extras, invalid);
  return { store, invalid };
}

function checkExtras(extras: Record<string, unknown>, invalid: Issue[]): NonNullable<AuthStore['clawdbot']> {
  const out: NonNullable<AuthStore['clawdbot']> = { ...extras };
  const dead = isPlainObject(extras.dead) ? extras.dead : undefined;
  const tombs = isPlainObject(extras.tombstones) ? extras.tombstones : undefined;
  out.dead = checkEntries<DeadMarker>('clawdbot.dead', dead, zodCheck(DeadMarkerSchema), invalid);
  out.tombstones = checkEntries('clawdbot.tombstones', tombs, str, invalid);
  if (out.dead === undefined) delete out.dead;
  if (out.tombstones === undefined) delete out.tombstones;
  return out;
}
