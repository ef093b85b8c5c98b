import { checkProfileRefs, type StoreView } from '@clawdbot-auth/auth-store';
import type { CredentialWorld } from './world.js';

/**
 * Which stored profiles' keyRef / tokenRef do not resolve now: profile id -> reason (names the
 * provider and the cause, never resolver output). Env and file references are always checked
 * (no process starts); exec resolvers run only with `exec: true` (`--check`, `--probe`, audit),
 * so a plain status never starts one. @throws never
 */
export async function checkRefs(
  world: CredentialWorld,
  view: StoreView,
  opts: { exec?: boolean } = {},
): Promise<ReadonlyMap<string, string>> {
  const sc = { ctx: world.ctx, secrets: world.loaded.config.secrets };
  return checkProfileRefs(sc, view.store, { exec: opts.exec === true });
}

/** The world with its references judged against this store (see checkRefs). @throws never */
export async function withCheckedRefs(
  world: CredentialWorld,
  view: StoreView,
  opts: { exec?: boolean } = {},
): Promise<CredentialWorld> {
  return { ...world, unresolvedRefs: await checkRefs(world, view, opts) };
}
