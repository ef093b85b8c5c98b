import {
  type Candidate,
  type Resolution,
  readStore,
  resolveCandidates,
  type StoreView,
} from '@clawdbot-auth/auth-store';
import { providersInUse } from '@clawdbot-auth/config-migrate';
import { resolveProviderEnv } from '@clawdbot-auth/env-loader';
import { PROVIDERS } from './catalog.js';
import type { CredentialWorld } from './world.js';

/** A session pin: a user pin is never rotated away from; an auto pin just goes first. */
export interface Pin {
  profileId: string;
  source: 'user' | 'auto';
}

/**
 * Every candidate of one provider, in the order a request tries them, from the agent's store,
 * the config and the provider's environment variable. The one resolver input: status, order,
 * explain, doctor, the probe and the runtime all come through here. @throws never
 */
export function resolveProvider(
  world: CredentialWorld,
  view: StoreView,
  provider: string,
  preferred?: Pin,
): Resolution {
  const env = resolveProviderEnv(world.ctx, world.loaded.env, provider);
  return resolveCandidates({
    provider,
    store: view.store,
    inherited: view.inherited,
    config: world.loaded.config,
    now: world.ctx.now(),
    ...(env ? { env } : {}),
    ...(world.unresolvedRefs ? { unresolvedRefs: world.unresolvedRefs } : {}),
    ...(preferred ? { preferred } : {}),
  });
}

/** The usable candidates of a resolution, in order. */
export function usableCandidates(r: Resolution): Candidate[] {
  return r.candidates.filter((c) => c.usable);
}

/**
 * The ordered usable credentials a request to `provider` would try for `agentId`.
 * @throws STORE_PARSE_FAILED, STORE_INVALID, STORE_READ_FAILED
 */
export async function resolveForAgent(
  world: CredentialWorld,
  agentId: string,
  provider: string,
  opts: { preferred?: Pin; store?: StoreView } = {},
): Promise<{ resolution: Resolution; usable: Candidate[]; store: StoreView }> {
  const store = opts.store ?? (await readStore(world.ctx, agentId));
  const resolution = resolveProvider(world, store, provider, opts.preferred);
  return { resolution, usable: usableCandidates(resolution), store };
}

/** Providers worth a look for an agent: in use by config, stored, with an env variable or a config key. */
export function providersOf(world: CredentialWorld, view: StoreView): string[] {
  const names = new Set<string>(providersInUse(world.loaded.config));
  for (const cred of Object.values(view.store.profiles)) names.add(cred.provider.trim().toLowerCase());
  for (const p of PROVIDERS) {
    if (resolveProviderEnv(world.ctx, world.loaded.env, p.id)) names.add(p.id);
  }
  for (const [p, entry] of Object.entries(world.loaded.config.models?.providers ?? {})) {
    if (typeof (entry as { apiKey?: unknown })?.apiKey === 'string') names.add(p.toLowerCase());
  }
  return [...names].sort();
}
