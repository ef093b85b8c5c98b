import path from 'node:path';
import { isSet, type RuntimeContext } from './context.js';

/** Expands a leading `~` (alone or followed by a separator) to the context's home dir. */
export function expandHome(ctx: RuntimeContext, value: string): string {
  if (value === '~') return ctx.homedir;
  if (value.startsWith('~/') || value.startsWith(`~${path.sep}`))
    return path.join(ctx.homedir, value.slice(2));
  return value;
}

function resolveUserPath(ctx: RuntimeContext, value: string): string {
  return path.resolve(ctx.cwd, expandHome(ctx, value.trim()));
}

/** The state dir: CLAWDBOT_STATE_DIR (leading ~ expanded) or ~/.clawdbot. */
export function resolveStateDir(ctx: RuntimeContext): string {
  const override = ctx.env.CLAWDBOT_STATE_DIR;
  if (isSet(override)) return resolveUserPath(ctx, override);
  return path.join(ctx.homedir, '.clawdbot');
}

/** The config file: CLAWDBOT_CONFIG_PATH or <state>/clawdbot.json. */
export function resolveConfigPath(ctx: RuntimeContext): string {
  const override = ctx.env.CLAWDBOT_CONFIG_PATH;
  if (isSet(override)) return resolveUserPath(ctx, override);
  return path.join(resolveStateDir(ctx), 'clawdbot.json');
}

/** Shortens a path under HOME to `~/...` for display. */
export function tildify(ctx: RuntimeContext, absPath: string): string {
  const home = ctx.homedir.replace(/[\\/]+$/, '');
  if (home === '') return absPath;
  if (absPath === home) return '~';
  if (absPath.startsWith(home + path.sep)) return `~/${absPath.slice(home.length + 1)}`;
  return absPath;
}
