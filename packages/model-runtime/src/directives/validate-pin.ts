import type { StoreView } from '@clawdbot-auth/auth-store';
import { splitModelRef } from '@clawdbot-auth/config-migrate';
import { RuntimeError } from '../errors.js';
import { resolveFor } from '../plan.js';
import type { World } from '../world.js';

/**
 * Checks a `/model <ref>@<profileId>` pin against the agent's store: the profile exists,
 * belongs to the model's provider and is in its auth order.
 * @throws PROFILE_NOT_FOUND, PROFILE_PROVIDER_MISMATCH, PROFILE_NOT_IN_ORDER
 */
export function validatePin(world: World, store: StoreView, ref: string, profileId: string): void {
  const { provider } = splitModelRef(ref);
  const cred = store.store.profiles[profileId];
  if (!cred) {
    throw new RuntimeError('PROFILE_NOT_FOUND', `no profile ${profileId} in ${store.path}`, {
      path: store.path,
      hint: `run: clawdbot models status --agent ${world.agentId} (to list the profiles)`,
    });
  }
  const owner = cred.provider.trim().toLowerCase();
  if (owner !== provider) {
    throw new RuntimeError(
      'PROFILE_PROVIDER_MISMATCH',
      `profile ${profileId} belongs to ${owner}, not to ${provider} (model ${ref})`,
      { path: store.path, hint: `pick a ${provider} profile: /model ${ref}@${provider}:<name>` },
    );
  }
  const found = resolveFor(world, store, provider).candidates.find((c) => c.id === profileId);
  if (!found || found.reason === 'not in order') {
    throw new RuntimeError(
      'PROFILE_NOT_IN_ORDER',
      `profile ${profileId} is not in the auth order of ${provider}`,
      {
        path: store.path,
        hint: `run: clawdbot models auth order set --provider ${provider} ${profileId} ...`,
      },
    );
  }
}
