import { type FailureReason, markFailure, markSuccess } from '@clawdbot-auth/auth-store';
import type { World } from './world.js';

/** Records a success; a write failure is a warning, never a failed request. */
export async function recordSuccess(world: World, profileId: string): Promise<void> {
  try {
    await markSuccess(world.ctx, world.agentId, profileId);
  } catch (err) {
    world.io.warn(`could not record usage of ${profileId}: ${reason(err)}`);
  }
}

/** Records a failure (cooldown or billing disable); a write failure is a warning. */
export async function recordFailure(world: World, profileId: string, why: FailureReason): Promise<void> {
  try {
    await markFailure(world.ctx, world.agentId, profileId, why, world.loaded.config.auth?.cooldowns);
  } catch (err) {
    world.io.warn(`could not record the ${why} failure of ${profileId}: ${reason(err)}`);
  }
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}
