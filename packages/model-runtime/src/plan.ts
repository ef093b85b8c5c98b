import type { Candidate, Resolution, StoreView } from '@clawdbot-auth/auth-store';
import { type Pin, resolveProvider } from '@clawdbot-auth/credentials';
import type { SessionEntry } from './sessions/schema.js';
import type { World } from './world.js';

export type { Pin };

/** The credentials a request to one provider will try, in order, and why the first goes first. */
export interface ProviderPlan {
  provider: string;
  resolution: Resolution;
  tryList: Candidate[];
  why: string;
  /** a user pin: never rotated away from; its failure moves to the next model */
  userPinned?: string;
}

/** Resolves the candidates of a provider with an optional preferred profile. */
export function resolveFor(world: World, store: StoreView, provider: string, preferred?: Pin): Resolution {
  return resolveProvider(world, store, provider, preferred);
}

/**
 * The session's pin with its source. Files from older upstream versions have no source: a pin
 * that recorded a compaction count was picked automatically, any other one by the user.
 */
export function sessionPin(entry: SessionEntry | undefined): Pin | undefined {
  if (!entry?.authProfileOverride) return undefined;
  const legacy = typeof entry.authProfileOverrideCompactionCount === 'number' ? 'auto' : 'user';
  return { profileId: entry.authProfileOverride, source: entry.authProfileOverrideSource ?? legacy };
}

/** Why a pin can no longer apply to `provider`: missing, another provider, or out of the order. */
export function stalePinReason(
  world: World,
  store: StoreView,
  provider: string,
  pin: Pin,
): string | undefined {
  const cred = store.store.profiles[pin.profileId];
  if (!cred) return 'no longer exists';
  if (cred.provider.trim().toLowerCase() !== provider) return `belongs to ${cred.provider}`;
  const found = resolveFor(world, store, provider).candidates.find((c) => c.id === pin.profileId);
  if (!found || found.reason === 'not in order') return 'is no longer in the auth order';
  return undefined;
}

function orderRule(resolution: Resolution, first: Candidate | undefined): string {
  if (!first) return 'no usable credential';
  if (first.kind === 'env') return `no usable profile: environment variable ${first.id}`;
  if (first.kind === 'config') return `no usable profile: ${first.id}`;
  if (resolution.orderSource === 'store') return 'first available in the agent order (models auth order)';
  if (resolution.orderSource === 'config') return 'first available in config auth.order';
  return 'round robin: oauth, then token, then api_key, least recently used first';
}

/** Why the first usable candidate goes first, naming the profiles a cooldown or disable put behind it. */
function orderWhy(resolution: Resolution, first: Candidate | undefined): string {
  const waiting = resolution.candidates.filter((c) => !c.usable && c.until !== undefined);
  const behind = waiting.map((c) => `${c.id} in ${c.reason} until ${new Date(c.until ?? 0).toISOString()}`);
  return [orderRule(resolution, first), ...behind].join('; ');
}

const usable = (r: Resolution) => r.candidates.filter((c) => c.usable);

/** After a compaction the auto pin moves to the next available profile after it (cyclic). */
function afterCompaction(list: Candidate[], pinId: string): Candidate[] {
  const i = list.findIndex((c) => c.id === pinId);
  if (i === -1) return list;
  return [...list.slice(i + 1), ...list.slice(0, i + 1)];
}

/**
 * The try order for one provider (spec 05 "Session credential choice"): a user pin alone; an
 * auto pin first until compaction or cooldown; else the resolver's order.
 */
export function planProvider(
  world: World,
  store: StoreView,
  provider: string,
  pin: Pin | undefined,
  entry?: SessionEntry,
): ProviderPlan {
  if (pin?.source === 'user') {
    const resolution = resolveFor(world, store, provider, pin);
    const own = resolution.candidates.find((c) => c.id === pin.profileId);
    const tryList = own?.usable ? [own] : [];
    const why = own?.usable
      ? `pinned by you (${pin.profileId})`
      : `your pin ${pin.profileId} is ${own?.reason ?? 'unusable'}: next model`;
    return { provider, resolution, tryList, why, userPinned: pin.profileId };
  }
  if (pin) {
    const compacted =
      (entry?.compactionCount ?? 0) !==
      (entry?.authProfileOverrideCompactionCount ?? entry?.compactionCount ?? 0);
    const plain = resolveFor(world, store, provider);
    if (compacted) {
      const tryList = afterCompaction(usable(plain), pin.profileId);
      return {
        provider,
        resolution: plain,
        tryList,
        why: `conversation compacted: next profile after ${pin.profileId}`,
      };
    }
    const resolution = resolveFor(world, store, provider, pin);
    const first = resolution.candidates[0];
    if (first?.id === pin.profileId && first.usable) {
      return { provider, resolution, tryList: usable(resolution), why: `the session keeps ${pin.profileId}` };
    }
    const tryList = usable(plain);
    return {
      provider,
      resolution: plain,
      tryList,
      why: `${pin.profileId} is ${first?.reason ?? 'unusable'}: ${orderWhy(plain, tryList[0])}`,
    };
  }
  const resolution = resolveFor(world, store, provider);
  const tryList = usable(resolution);
  return { provider, resolution, tryList, why: orderWhy(resolution, tryList[0]) };
}
