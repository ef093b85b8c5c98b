import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { isFsSafeError, keepCorruptCopy, readState, updateFile } from '@clawdbot-auth/fs-safe';
import { RuntimeError } from '../errors.js';
import { type SessionEntry, type SessionsFile, viewEntry } from './schema.js';

// Stale well above a write's duration.
const LOCK_OPTIONS = { staleMs: 10_000 } as const;

/** Default session key of an agent: `agent:<agentId>:main`. @throws never */
export function defaultSessionKey(agentId: string): string {
  return `agent:${agentId}:main`;
}

/** `<state>/agents/<agentId>/sessions/sessions.json`. @throws never */
export function resolveSessionsPath(ctx: RuntimeContext, agentId: string): string {
  return path.join(resolveStateDir(ctx), 'agents', agentId, 'sessions', 'sessions.json');
}

function parseError(file: string, detail: string): RuntimeError {
  return new RuntimeError('SESSIONS_PARSE_FAILED', `${file}: ${detail}`, {
    path: file,
    hint: `fix or move ${file} (a .corrupt-<timestamp> copy was kept), then retry`,
  });
}

/** Reads sessions.json; missing or empty = no sessions. @throws SESSIONS_PARSE_FAILED (never overwritten) */
export async function readSessions(ctx: RuntimeContext, agentId: string): Promise<SessionsFile> {
  const file = resolveSessionsPath(ctx, agentId);
  let bytes: Buffer | undefined;
  try {
    bytes = readState(file);
  } catch (err) {
    throw parseError(file, `cannot read (${(err as { cause?: { code?: string } }).cause?.code ?? 'error'})`);
  }
  return parseSessions(ctx, file, bytes);
}

/** Parses sessions.json bytes; a file that does not parse keeps one corrupt copy (fs-safe's rule). */
function parseSessions(ctx: RuntimeContext, file: string, bytes: Buffer | undefined): SessionsFile {
  if (bytes === undefined) return {};
  const text = bytes.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    keepCorruptCopy(file, bytes, ctx.now());
    throw parseError(file, (err as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    keepCorruptCopy(file, bytes, ctx.now());
    throw parseError(file, 'the top level must be an object');
  }
  return value as SessionsFile;
}

/** One session entry, or undefined. @throws SESSIONS_PARSE_FAILED */
export async function readSession(
  ctx: RuntimeContext,
  agentId: string,
  key: string,
): Promise<SessionEntry | undefined> {
  return viewEntry((await readSessions(ctx, agentId))[key]);
}

/** A fresh entry for a new (or reset) session. @throws never */
export function freshSession(ctx: RuntimeContext): SessionEntry {
  return { sessionId: randomUUID(), updatedAt: ctx.now(), compactionCount: 0 };
}

/** A change to one entry: return the new entry, undefined to delete it, or 'skip' to write nothing. */
export type SessionMutator = (
  current: SessionEntry | undefined,
  raw: Record<string, unknown> | undefined,
) => SessionEntry | undefined | 'skip';

/**
 * Locked per-entry change: lock sessions.json, re-read it, change one entry, write a temp
 * file (0600) and rename. Other entries and unknown keys are kept as they are on disk.
 * @throws SESSIONS_PARSE_FAILED, SESSIONS_WRITE_FAILED
 */
export async function updateSession(
  ctx: RuntimeContext,
  agentId: string,
  key: string,
  mutate: SessionMutator,
): Promise<SessionEntry | undefined> {
  const file = resolveSessionsPath(ctx, agentId);
  try {
    return await updateFile(
      file,
      (bytes) => {
        const all = parseSessions(ctx, file, bytes);
        const raw = all[key];
        const next = mutate(viewEntry(raw), raw);
        if (next === 'skip') return { result: viewEntry(raw) };
        if (next === undefined) delete all[key];
        else all[key] = dropUndefined(next);
        return { write: `${JSON.stringify(all, null, 2)}\n`, result: next };
      },
      LOCK_OPTIONS,
    );
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    throw writeError(file, err);
  }
}

function dropUndefined(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

function writeError(file: string, err: unknown): RuntimeError {
  if (isFsSafeError(err)) {
    return new RuntimeError('SESSIONS_WRITE_FAILED', err.message, {
      path: file,
      hint: err.hint ?? `check the permissions of ${path.dirname(file)}`,
    });
  }
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new RuntimeError('SESSIONS_WRITE_FAILED', `${file}: cannot write (${code})`, {
    path: file,
    hint: `check the permissions of ${path.dirname(file)}`,
  });
}
