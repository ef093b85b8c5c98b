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
 * @throws CONFIG_PARSE_FAILED, ENV_VAR_MISSING
 */
export async function loadCliEnvironment(
  opts: { agent?: string; warn?: (line: string) => void; ctx?: RuntimeContext; command?: string } = {},
): Promise<CliEnvironment> {
  const { createContext } = await import('@clawdbot-auth/env-loader');
  const { loadConfig, resolveAgentId } = await import('@clawdbot-auth/config-migrate');
  const ctx = opts.ctx ?? createContext(opts.command !== undefined ? { command: opts.command } : {});
  const loaded = await loadConfig(ctx);
  for (const w of loaded.env.warnings) opts.warn?.(`warning: ${w}`);
  const agentId = resolveAgentId(loaded.config, normalizeAgentId(opts.agent));
  return { ctx, loaded, agentId };
}

/**
 * Agent ids are lower-cased and reduced to a safe path segment (upstream turns `../evil`
 * into `evil` and `Work` into `work`).
 */
export function normalizeAgentId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const clean = id
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return clean || undefined;
}
