import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { lock } from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { RuntimeError } from '../errors.js';
import { type SessionEntry, type SessionsFile, viewEntry } from './schema.js';

// Retries outlast eight processes queueing on one file; stale well above a write's duration.
const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 200, minTimeout: 10, maxTimeout: 100, randomize: true },
} as const;

/** Default session key of an agent: `agent:<agentId>:main`. @throws never */
export function defaultSessionKey(agentId: string): string {
  return `agent:${agentId}:main`;
}

/** `<state>/agents/<agentId>/sessions/sessions.json`. @throws never */
export function resolveSessionsPath(ctx: RuntimeContext, agentId: string): string {
  return path.join(resolveStateDir(ctx), 'agents', agentId, 'sessions', 'sessions.json');
}

async function keepCorruptCopy(file: string, now: number): Promise<void> {
  const dir = path.dirname(file);
  const base = `${path.basename(file)}.corrupt-`;
  const existing = (await readdir(dir).catch(() => [])).some((n) => n.startsWith(base));
  if (!existing) await copyFile(file, path.join(dir, `${base}${now}`)).catch(() => undefined);
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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw parseError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    await keepCorruptCopy(file, ctx.now());
    throw parseError(file, (err as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    await keepCorruptCopy(file, ctx.now());
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
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lock(file, { ...LOCK_OPTIONS, onCompromised: () => undefined });
  } catch (err) {
    throw writeError(file, err);
  }
  try {
    const all = await readSessions(ctx, agentId);
    const raw = all[key];
    const next = mutate(viewEntry(raw), raw);
    if (next === 'skip') return viewEntry(raw);
    if (next === undefined) delete all[key];
    else all[key] = dropUndefined(next);
    await writeFileAtomic(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600, fsync: true });
    return next;
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    throw writeError(file, err);
  } finally {
    await release?.().catch(() => undefined);
  }
}

function dropUndefined(entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
}

function writeError(file: string, err: unknown): RuntimeError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new RuntimeError('SESSIONS_WRITE_FAILED', `${file}: cannot write (${code})`, {
    path: file,
    hint: `check the permissions of ${path.dirname(file)}`,
  });
}
