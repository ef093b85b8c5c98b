import type { LoadedConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';

/** What every command starts from: the runtime context, the loaded config (env loaded first) and the agent. */
export interface CliEnvironment {
  ctx: RuntimeContext;
  loaded: LoadedConfig;
  agentId: string;
}

/**
 * Load the environment and config the way every command does: env-loader fills
 * process.env (never overriding a set value), then the config is read, migrated in
 * memory and substituted. Warnings of the env loader go to `warn` (stderr).
 * @throws CONFIG_PARSE_FAILED, ENV_VAR_MISSING, INVALID_AGENT_ID
 */
export async function loadCliEnvironment(
  opts: { agent?: string; warn?: (line: string) => void; ctx?: RuntimeContext; command?: string } = {},
): Promise<CliEnvironment> {
  const { createContext } = await import('@clawdbot-auth/env-loader');
  const { loadConfig, resolveAgentId } = await import('@clawdbot-auth/config-migrate');
  const ctx = opts.ctx ?? createContext(opts.command !== undefined ? { command: opts.command } : {});
  const loaded = await loadConfig(ctx);
  for (const w of loaded.env.warnings) opts.warn?.(`warning: ${w}`);
  const agentId = resolveAgentId(loaded.config, opts.agent);
  return { ctx, loaded, agentId };
}
