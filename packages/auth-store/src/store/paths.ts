import path from 'node:path';
import {
  DEFAULT_AGENT_ID,
  expandHome,
  normalizeAgentId as normalizeId,
  type RuntimeContext,
  resolveStateDir,
} from '@clawdbot-auth/env-loader';

/** The default agent's id. */
export { DEFAULT_AGENT_ID };
export const STORE_FILENAME = 'auth-profiles.json';
export const LEGACY_AGENT_STORE = 'auth.json';
export const LEGACY_OAUTH_FILENAME = 'oauth.json';

/**
 * env-loader's agent-id rule; a missing or blank id means the default agent.
 * @throws INVALID_AGENT_ID (`../x`, an absolute path, non-ASCII): never a path outside `<state>/agents`
 */
export function normalizeAgentId(agentId: string | undefined): string {
  return (agentId ?? '').trim() === '' ? DEFAULT_AGENT_ID : normalizeId(agentId ?? '');
}

/**
 * The agent dir: `<state>/agents/<id>/agent`; CLAWDBOT_AGENT_DIR (then PI_CODING_AGENT_DIR)
 * replaces the default agent's dir.
 * @throws INVALID_AGENT_ID
 */
export function resolveAgentDir(ctx: RuntimeContext, agentId: string = DEFAULT_AGENT_ID): string {
  const id = normalizeAgentId(agentId);
  if (id === DEFAULT_AGENT_ID) {
    const override = [ctx.env.CLAWDBOT_AGENT_DIR, ctx.env.PI_CODING_AGENT_DIR].find(isSet);
    if (override !== undefined) return path.resolve(ctx.cwd, expandHome(ctx, override.trim()));
  }
  return path.join(resolveStateDir(ctx), 'agents', id, 'agent');
}

/**
 * `<agentDir>/auth-profiles.json`.
 * @throws never
 */
export function resolveStorePath(ctx: RuntimeContext, agentId: string = DEFAULT_AGENT_ID): string {
  return path.join(resolveAgentDir(ctx, agentId), STORE_FILENAME);
}

/** The legacy OAuth file: `<state>/credentials/oauth.json`, CLAWDBOT_OAUTH_DIR replacing the dir. */
export function resolveLegacyOAuthPath(ctx: RuntimeContext): string {
  const dir = ctx.env.CLAWDBOT_OAUTH_DIR;
  const base = isSet(dir)
    ? path.resolve(ctx.cwd, expandHome(ctx, dir.trim()))
    : path.join(resolveStateDir(ctx), 'credentials');
  return path.join(base, LEGACY_OAUTH_FILENAME);
}

/** The single-agent layout of older versions: `<state>/agent`. */
export function resolveLegacyAgentDir(ctx: RuntimeContext): string {
  return path.join(resolveStateDir(ctx), 'agent');
}

function isSet(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
