import { readStore } from '@clawdbot-auth/auth-store';
import {
  claudeCredentialsPath,
  codexAuthPath,
  runClaudeSetupToken,
  type SyncContext,
  type SyncResult,
  syncExternalCredentials,
} from '@clawdbot-auth/claude-sync';
import { PROVIDERS, providerEntry } from './catalog.js';
import { CredentialsError } from './errors.js';
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

/**
 * Uses a local CLI login by name (`onboard --auth-choice claude-cli | codex-cli`): imports it now
 * (a login the user removed comes back: they asked for it) and routes it in config.
 * @throws NO_LOCAL_LOGIN (nothing to import; names the file), STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function importLocalLogin(
  ctx: SyncContext,
  agentId: string,
  from: 'claude-cli' | 'codex-cli',
): Promise<SyncResult & { profileId: string; provider: string }> {
  const entry = PROVIDERS.find((p) => p.synced?.from === from)!;
  const { profileId } = entry.synced!;
  const result = await syncExternalCredentials(ctx, agentId, { force: true, reenable: [profileId] });
  const view = await readStore(ctx, agentId);
  if (!view.store.profiles[profileId]) {
    const file = from === 'claude-cli' ? claudeCredentialsPath(ctx) : codexAuthPath(ctx);
    const why = result.problems.map((p) => p.message).join('; ');
    throw new CredentialsError(
      'NO_LOCAL_LOGIN',
      `No ${from === 'claude-cli' ? 'Claude Code' : 'Codex CLI'} login to use: ${why || `${file} not found`}`,
      {
        path: file,
        hint:
          from === 'claude-cli'
            ? 'run `claude` and log in, then run this again'
            : 'log in with `codex login`, then run this again',
      },
    );
  }
  await routeProfile(ctx, profileId, { provider: entry.id, mode: 'oauth' });
  return { ...result, profileId, provider: entry.id };
}
