import { type AuthEvent, readAuthEvents } from '../deps.js';
import type { Check, Finding } from '../types.js';

const DAY = 86_400_000;
/** How far back doctor reads the journal. */
const WINDOW_MS = 7 * DAY;
/** This many cooldowns of one profile within a day is a pattern, not bad luck. */
const REPEATED_COOLDOWNS = 3;

const who = (e: AuthEvent) =>
  `${e.time} by \`${e.command}\` (pid ${e.pid} on ${e.host}${e.agent ? `, agent ${e.agent}` : ''})`;
const agentFlag = (e: AuthEvent) => (e.agent && e.agent !== 'main' ? ` --agent ${e.agent}` : '');
const providerOf = (profileId: string) => profileId.split(':')[0] ?? profileId;

/** Two refreshes spent the same refresh token (one generation): the grant was forked. */
function forkedGrants(events: AuthEvent[]): Finding[] {
  const byGeneration = new Map<string, AuthEvent[]>();
  for (const e of events) {
    if (e.event !== 'refreshed' || !e.generation) continue;
    byGeneration.set(e.generation, [...(byGeneration.get(e.generation) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [generation, refreshes] of byGeneration) {
    if (refreshes.length < 2) continue;
    const [first, second] = refreshes as [AuthEvent, AuthEvent];
    const otherStore = first.store && second.store && first.store !== second.store;
    const copy = otherStore ? second : undefined;
    out.push({
      id: 'journal.forked-grant',
      severity: 'error',
      section: 'consistency',
      ...(second.store ? { file: second.store } : {}),
      message:
        `the grant of ${second.profileId} was refreshed twice from one refresh token (generation #${generation}): ` +
        `${who(first)}${first.store ? ` in ${first.store}` : ''}, then ${who(second)}` +
        `${otherStore ? ` from a second store, ${second.store}` : ''}; the provider revokes a reused token, so one copy dies`,
      fix: copy
        ? `clawdbot models auth remove${agentFlag(copy)} --profile-id ${copy.profileId}, then: clawdbot models auth login --provider ${providerOf(copy.profileId ?? '')}`
        : `clawdbot models auth login --provider ${providerOf(second.profileId ?? '')} (and let only clawdbot refresh this login)`,
    });
  }
  return out;
}

/** The same profile put in cooldown again and again within a day. */
function repeatedCooldowns(events: AuthEvent[], now: number): Finding[] {
  const byProfile = new Map<string, AuthEvent[]>();
  for (const e of events) {
    if ((e.event !== 'cooldown-set' && e.event !== 'disabled') || !e.profileId) continue;
    if (now - Date.parse(e.time) > DAY) continue;
    byProfile.set(e.profileId, [...(byProfile.get(e.profileId) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [profileId, list] of byProfile) {
    if (list.length < REPEATED_COOLDOWNS) continue;
    const last = list[list.length - 1] as AuthEvent;
    out.push({
      id: 'journal.repeated-cooldown',
      severity: 'warn',
      section: 'consistency',
      ...(last.store ? { file: last.store } : {}),
      message: `${profileId} was put in cooldown ${list.length} times in the last 24h (last: ${last.cause ?? last.event}); the credential itself may be the problem`,
      fix: `clawdbot models status --probe --probe-profile ${profileId}${agentFlag(last)} (then replace it: clawdbot models auth add, or clear with clawdbot models auth cooldown clear --profile-id ${profileId})`,
    });
  }
  return out;
}

/** Why a profile died: its last `marked-dead` with no login or sync after it. */
function deaths(events: AuthEvent[]): Finding[] {
  const revived = new Set<string>();
  const out: Finding[] = [];
  for (const e of [...events].reverse()) {
    if (!e.profileId) continue;
    if (e.event === 'login' || e.event === 'synced' || e.event === 'paste' || e.event === 'removed') {
      revived.add(e.profileId);
      continue;
    }
    if (e.event !== 'marked-dead' || revived.has(e.profileId)) continue;
    revived.add(e.profileId); // report the last death only
    const failed = events.find(
      (f) => f.event === 'refresh-failed' && f.profileId === e.profileId && f.generation === e.generation,
    );
    out.push({
      id: 'journal.dead',
      severity: 'warn',
      section: 'consistency',
      ...(e.store ? { file: e.store } : {}),
      message: `${e.profileId} died at ${e.time}: the provider rejected its refresh token (${e.cause ?? 'revoked'})${failed ? `, in a refresh ${who(failed)}` : ''}`,
      fix: `clawdbot models auth login --provider ${providerOf(e.profileId)}${agentFlag(e)}`,
    });
  }
  return out.reverse();
}

/**
 * journal.*: what the auth event journal says about the last 7 days: forked grants (two
 * refreshes of one generation), profiles cooling down again and again, and why a profile died.
 */
export const journalCheck: Check = {
  id: 'consistency.journal',
  section: 'consistency',
  async run(ctx) {
    const now = ctx.now();
    const { events } = await readAuthEvents(ctx, { since: now - WINDOW_MS });
    return [...forkedGrants(events), ...repeatedCooldowns(events, now), ...deaths(events)];
  },
};
