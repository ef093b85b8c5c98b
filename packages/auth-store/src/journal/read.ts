import fs from 'node:fs';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { authEventsPath, JOURNAL_FILES } from './record.js';
import { AUTH_EVENT_KINDS, type AuthEvent } from './types.js';

export interface ReadEventsOptions {
  /** only events at or after this time (ms since the epoch) */
  since?: number;
  profileId?: string;
  event?: string;
}

export interface JournalRead {
  /** oldest first */
  events: AuthEvent[];
  /** lines that did not parse as an event */
  skipped: number;
  /** the files read, oldest first */
  files: string[];
}

function asEvent(line: string): AuthEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const e = v as Record<string, unknown>;
  if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time))) return undefined;
  if (typeof e.event !== 'string' || (AUTH_EVENT_KINDS as readonly string[]).indexOf(e.event) < 0)
    return undefined;
  return e as unknown as AuthEvent;
}

/**
 * The journal's events (rotated files too), oldest first, filtered; lines that do not parse
 * are counted, never fatal. A missing journal reads as empty.
 * @throws never
 */
export async function readAuthEvents(
  ctx: RuntimeContext,
  opts: ReadEventsOptions = {},
): Promise<JournalRead> {
  const base = authEventsPath(ctx);
  const out: JournalRead = { events: [], skipped: 0, files: [] };
  for (let i = JOURNAL_FILES - 1; i >= 0; i--) {
    const file = i === 0 ? base : `${base}.${i}`;
    // synchronous: doctor reads the journal on every run, and an async read costs it the
    // start of libuv's thread pool (the files are bounded by rotation)
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    out.files.push(file);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const e = asEvent(line);
      if (!e) {
        out.skipped++;
        continue;
      }
      if (opts.since !== undefined && Date.parse(e.time) < opts.since) continue;
      if (opts.profileId !== undefined && e.profileId !== opts.profileId) continue;
      if (opts.event !== undefined && e.event !== opts.event) continue;
      out.events.push(e);
    }
  }
  // Lines of concurrent processes land in write order; a stable sort by time puts them in clock order.
  out.events.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return out;
}
