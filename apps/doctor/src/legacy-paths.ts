import path from 'node:path';
import { expandHome, type RuntimeContext } from './deps.js';

/** `<state>/credentials`, or CLAWDBOT_OAUTH_DIR. */
export function resolveOAuthDir(ctx: RuntimeContext, stateDir: string): string {
  const override = ctx.env['CLAWDBOT_OAUTH_DIR']?.trim();
  return override ? path.resolve(ctx.cwd, expandHome(ctx, override)) : path.join(stateDir, 'credentials');
}

/**
 * Where legacy credentials of an agent may sit (spec 01): its `auth.json`, and for the
 * default agent the old OAuth file and the single-agent folder `<state>/agent/`.
 */
export function legacyFilesOf(ctx: RuntimeContext, stateDir: string, agentDir: string, isDefault: boolean): string[] {
  const files = [path.join(agentDir, 'auth.json')];
  if (isDefault) {
    files.push(path.join(resolveOAuthDir(ctx, stateDir), 'oauth.json'));
    const single = path.join(stateDir, 'agent');
    if (path.resolve(agentDir) !== single) files.push(single);
  }
  return files;
}
