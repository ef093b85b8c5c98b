import path from 'node:path';
import { expandHome, type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';

/** The default agent's id. */
export const DEFAULT_AGENT_ID = 'main';
export const STORE_FILENAME = 'auth-profiles.json';
export const LEGACY_AGENT_STORE = 'auth.json';
export const LEGACY_OAUTH_FILENAME = 'oauth.json';

/** Agent ids are compared case-insensitively; the empty id means the default agent. */
export function normalizeAgentId(agentId: string | undefined): string {
  const id = (agentId ?? '').trim().toLowerCase();
  return id === '' ? DEFAULT_AGENT_ID : id;
}

/**
 * The agent dir: `<state>/agents/<id>/agent`; CLAWDBOT_AGENT_DIR (then PI_CODING_AGENT_DIR)
 * replaces the default agent's dir.
 * @throws never
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
