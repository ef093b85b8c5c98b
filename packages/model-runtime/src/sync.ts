import { syncExternalCredentials } from '@clawdbot-auth/claude-sync';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import type { World } from './world.js';

/** The context claude-sync gets: its chatter goes to the runtime's logger, never stdout. @throws never */
export function syncContext(world: World): RuntimeContext & { log: (line: string) => void } {
  return { ...world.ctx, log: (line) => (world.io.info ?? world.io.warn)(line) };
}

/** Imports Claude Code / Codex CLI logins before a turn; a failure is a warning. @throws never */
export async function syncBeforeTurn(world: World): Promise<void> {
  try {
    // Problems with Claude Code's files are for status and doctor to explain, not every turn.
    await syncExternalCredentials(syncContext(world), world.agentId);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    world.io.warn(`credential sync skipped: ${e.code ?? 'error'}: ${e.message ?? String(err)}`);
  }
}
