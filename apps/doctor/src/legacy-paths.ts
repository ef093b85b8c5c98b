import path from 'node:path';
import {
  type RuntimeContext,
  resolveAgentDir,
  resolveLegacyAgentDir,
  resolveLegacyOAuthPath,
} from './deps.js';

/** The agent whose store the legacy OAuth file and the single-agent folder belong to (auth-store's default). */
export const LEGACY_OWNER = 'main';

/**
 * Where legacy credentials of an agent may sit (spec 01): its `auth.json`, and for the
 * default agent the old OAuth file and the single-agent folder `<state>/agent/`.
 */
export function legacyFilesOf(ctx: RuntimeContext, agentId: string): string[] {
  const agentDir = resolveAgentDir(ctx, agentId);
  const files = [path.join(agentDir, 'auth.json')];
  if (agentId === LEGACY_OWNER) {
    files.push(resolveLegacyOAuthPath(ctx));
    const single = resolveLegacyAgentDir(ctx);
    if (path.resolve(agentDir) !== path.resolve(single)) files.push(single);
  }
  return files;
}
