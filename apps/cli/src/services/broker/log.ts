import type { AuthEvent, JournalRead } from '@clawdbot-auth/auth-store';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

export interface LogOptions {
  since?: string;
  profileId?: string;
  event?: string;
}

export interface LogResult {
  events: AuthEvent[];
  /** journal lines that did not parse */
  skipped: number;
  files: string[];
}

/**
 * `--since 1h` (30m, 12h, 7d, 1w) or an ISO time, to ms since the epoch.
 * @throws INVALID_DURATION
 */
export async function parseSince(text: string, now: number): Promise<number> {
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim()) && !Number.isNaN(Date.parse(text))) return Date.parse(text);
  const { parseDuration } = await import('../auth/credentials.js');
  return now - parseDuration(text);
}

/**
 * The journal's events, oldest first, filtered.
 * @throws INVALID_DURATION, UNKNOWN_EVENT
 */
export async function readLog(env: CliEnvironment, opts: LogOptions): Promise<LogResult> {
  const { AUTH_EVENT_KINDS, readAuthEvents } = await import('@clawdbot-auth/auth-store');
  if (opts.event !== undefined && !(AUTH_EVENT_KINDS as readonly string[]).includes(opts.event)) {
    throw new CliError(
      'UNKNOWN_EVENT',
      `--event ${opts.event}: not an event kind`,
      `Use one of: ${AUTH_EVENT_KINDS.join(', ')}`,
    );
  }
  const since = opts.since === undefined ? undefined : await parseSince(opts.since, env.ctx.now());
  const read: JournalRead = await readAuthEvents(env.ctx, {
    ...(since !== undefined ? { since } : {}),
    ...(opts.profileId !== undefined ? { profileId: opts.profileId } : {}),
    ...(opts.event !== undefined ? { event: opts.event } : {}),
  });
  return read;
}

/** One line per event: time, event, profile, facts, cause, then who (command, pid, host). */
export function renderLog(result: LogResult): string {
  const lines = result.events.map((e) => {
    const facts = [
      e.agent ? `agent=${e.agent}` : '',
      e.fingerprint ? `fp=${e.fingerprint}` : '',
      e.generation ? `gen=${e.generation}` : '',
    ].filter(Boolean);
    const cause = e.cause ? `  ${e.cause}` : '';
    return `${e.time}  ${e.event.padEnd(16)} ${(e.profileId ?? '-').padEnd(24)} ${facts.join(' ')}${cause}  [${e.command} pid ${e.pid} on ${e.host}]`;
  });
  if (lines.length === 0) lines.push('No auth events recorded (yet) for this filter.');
  return lines.join('\n');
}
