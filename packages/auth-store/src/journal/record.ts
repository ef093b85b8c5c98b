import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { realPathCheck } from '../policy/real-path.js';
import { fingerprint, redactText } from '../policy/redact.js';
import type { AuthEvent, AuthEventInput } from './types.js';

/**
 * The auth event journal: one JSON line per credential event in `<state>/logs/auth-events.jsonl`
 * (0600, dir 0700), rotated at 10 MiB keeping 3 files. Writing is synchronous, one `write(2)` of
 * a short line in O_APPEND mode, so lines of concurrent processes never interleave, and best
 * effort: a journal that cannot be written never fails the command (reported once on stderr).
 */

export const JOURNAL_FILENAME = 'auth-events.jsonl';
/** A file reaching this size is rotated before the next line. */
export const JOURNAL_MAX_BYTES = 10 * 1024 * 1024;
/** Files kept: the current one plus `.1` and `.2`. */
export const JOURNAL_FILES = 3;
const MAX_FIELD = 200;
const ROTATE_LOCK_STALE_MS = 10_000;

const requireBuiltin = createRequire(import.meta.url);
// Shared by every copy of this module in one process (the CLI's fast-path bundle has its own).
const WARNED = Symbol.for('clawdbot-auth.journal.warned');

function warned(): Set<string> {
  const g = globalThis as { [WARNED]?: Set<string> };
  g[WARNED] ??= new Set();
  return g[WARNED];
}

/** `<state>/logs/auth-events.jsonl`. */
export function authEventsPath(ctx: RuntimeContext): string {
  return path.join(resolveStateDir(ctx), 'logs', JOURNAL_FILENAME);
}

function fs(): typeof import('node:fs') {
  return requireBuiltin('node:fs') as typeof import('node:fs');
}

/** A field as it may be written: secret-looking runs redacted, one line, bounded. */
function clean(value: string | undefined, isPath?: (p: string) => boolean): string | undefined {
  if (value === undefined) return undefined;
  // a real path stays whole (a state dir named like a hex string is not a secret)
  const flat = redactText(value, [], isPath ? { isPath } : {}).replace(/[\r\n\t]+/g, ' ');
  return flat.length > MAX_FIELD ? `${flat.slice(0, MAX_FIELD - 1)}…` : flat;
}

function toRecord(ctx: RuntimeContext, input: AuthEventInput): AuthEvent {
  const rec: AuthEvent = {
    time: new Date(ctx.now()).toISOString(),
    host: os.hostname(),
    pid: process.pid,
    command: clean(ctx.command ?? path.basename(process.argv[1] ?? 'node')) ?? '',
    event: input.event,
  };
  const rest: [keyof AuthEventInput, string | undefined][] = [
    ['agent', input.agent],
    ['profileId', input.profileId],
    ['fingerprint', input.fingerprint],
    ['cause', input.cause],
    ['generation', input.generation],
    ['store', input.store],
  ];
  const isPath = realPathCheck(ctx.homedir);
  for (const [k, v] of rest) {
    const c = clean(v, isPath);
    if (c !== undefined && c !== '') (rec as unknown as Record<string, string>)[k] = c;
  }
  return rec;
}

/**
 * Moves `file` to `.1` (and `.1` to `.2`). A `mkdir` lock (atomic on every local file system)
 * keeps two processes from shifting twice; it is taken without waiting, on this synchronous
 * path, so proper-lockfile's async retry loop does not fit. A lock left by a crash is stale
 * after 10 s.
 */
function rotate(file: string): void {
  const f = fs();
  const lock = `${file}.rotate.lock`;
  try {
    f.mkdirSync(lock, { mode: 0o700 });
  } catch {
    try {
      if (Date.now() - f.statSync(lock).mtimeMs > ROTATE_LOCK_STALE_MS) f.rmdirSync(lock);
    } catch {
      // gone meanwhile
    }
    return; // another process is rotating: append to the file as it is
  }
  try {
    if (f.statSync(file).size < JOURNAL_MAX_BYTES) return; // rotated meanwhile
    for (let i = JOURNAL_FILES - 1; i >= 1; i--) {
      const from = i === 1 ? file : `${file}.${i - 1}`;
      if (f.existsSync(from)) f.renameSync(from, `${file}.${i}`);
    }
  } finally {
    f.rmdirSync(lock);
  }
}

function warnOnce(file: string, err: unknown): void {
  const seen = warned();
  if (seen.has(file)) return;
  seen.add(file);
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  process.stderr.write(
    `warning: cannot write the auth event journal ${file} (${code}); events of this run are not recorded. Fix: make ${path.dirname(file)} writable (clawdbot doctor)\n`,
  );
}

/**
 * Appends one secret-free record to the journal. Never throws; the first failure per file is
 * reported on stderr.
 * @throws never
 */
export function recordAuthEvent(ctx: RuntimeContext, input: AuthEventInput): void {
  let file = '';
  try {
    file = authEventsPath(ctx);
    const line = `${JSON.stringify(toRecord(ctx, input))}\n`;
    const f = fs();
    f.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let fd = f.openSync(file, 'a', 0o600);
    if (f.fstatSync(fd).size + line.length > JOURNAL_MAX_BYTES) {
      f.closeSync(fd);
      rotate(file);
      fd = f.openSync(file, 'a', 0o600);
    }
    try {
      f.writeSync(fd, line);
    } finally {
      f.closeSync(fd);
    }
  } catch (err) {
    warnOnce(file, err);
  }
}

/**
 * The non-secret facts of a credential (also a raw, unvalidated entry) an event names: the
 * fingerprint of the secret a request sends, and for OAuth the generation (fingerprint of the
 * refresh token).
 * @throws never
 */
export function credentialFacts(cred: unknown): { fingerprint?: string; generation?: string } {
  if (typeof cred !== 'object' || cred === null) return {};
  const c = cred as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const secret = str(c.key) ?? str(c.token) ?? str(c.access) ?? str(c.refresh);
  const refresh = c.type === 'oauth' ? str(c.refresh) : undefined;
  return {
    ...(secret ? { fingerprint: fingerprint(secret) } : {}),
    ...(refresh ? { generation: fingerprint(refresh) } : {}),
  };
}
