import { readStore } from '@clawdbot-auth/auth-store';
import { runClaudeSetupToken, type SyncContext, type SyncResult } from '@clawdbot-auth/claude-sync';
import { providerEntry } from './catalog.js';
import { routeProfile } from './register.js';

/**
 * `claude setup-token`, then the import of its token as `anthropic:claude-cli`, routed in config
 * like every registered credential (mode `oauth`, which takes OAuth and setup-tokens).
 * @throws CLAUDE_NOT_INSTALLED, NO_TTY, CLAUDE_SETUP_TOKEN_FAILED, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function setupTokenAndRoute(
  ctx: SyncContext,
  agentId: string,
  opts: { isTTY?: boolean } = {},
): Promise<SyncResult> {
  const result = await runClaudeSetupToken(ctx, { agentId, ...opts });
  const synced = providerEntry('anthropic').synced!;
  const view = await readStore(ctx, agentId);
  if (view.store.profiles[synced.profileId] || result.changed.includes(synced.profileId)) {
    await routeProfile(ctx, synced.profileId, { provider: 'anthropic', mode: 'oauth' });
  }
  return result;
}
