import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject, type LoadedConfig, resolveAgentId } from '@clawdbot-auth/config-migrate';
import {
  DEFAULT_AGENT_ID,
  isValidAgentId,
  normalizeAgentId,
  type RuntimeContext,
  resolveStateDir,
} from '@clawdbot-auth/env-loader';

/**
 * Every agent this state knows, each once: `main`, the configured default agent, the config's
 * `agents.list` ids and every `<state>/agents/<id>` directory, as the one agent-id rule
 * normalises them; an id that is not one (`../x`) names no store and is left out. `loaded` is
 * the config as read (undefined when it could not be).
 * @throws never
 */
export function knownAgentIds(ctx: RuntimeContext, loaded: LoadedConfig | undefined): string[] {
  const ids = [DEFAULT_AGENT_ID, resolveAgentId(loaded?.config ?? {})];
  const list = loaded?.raw['agents'];
  const entries = isPlainObject(list) && Array.isArray(list['list']) ? list['list'] : [];
  for (const e of entries) if (isPlainObject(e) && typeof e['id'] === 'string') ids.push(e['id']);
  try {
    for (const d of readdirSync(join(resolveStateDir(ctx), 'agents'), { withFileTypes: true }))
      if (d.isDirectory()) ids.push(d.name);
  } catch {
    // no agents directory yet
  }
  return [...new Set(ids.filter(isValidAgentId).map((id) => normalizeAgentId(id)))];
}
