import path from 'node:path';
import { collectConfigEnvVars, shellEnvSettings } from './config-env.js';
import { isSet, type RuntimeContext } from './context.js';
import { readDotenvFile } from './dotenv-file.js';
import type { LoadedEnv, VarOrigin } from './origins.js';
import { resolveStateDir } from './paths.js';
import { SHELL_IMPORT_ALLOWLIST } from './providers.js';
import { readLoginShellEnv } from './shell-env.js';

/** Options of loadEnvironment. */
export interface LoadEnvOptions {
  /** The raw config `env` block; leave undefined when there is no config file. */
  configEnv?: unknown;
}

// Origins survive a second load of the same env object (a value we set is no longer "process").
const recorded = new WeakMap<object, Map<string, VarOrigin>>();

/** Sets every still-unset variable of `vars`, recording `origin`; returns the names it set. */
function fill(
  ctx: RuntimeContext,
  origins: Map<string, VarOrigin>,
  vars: Record<string, string>,
  origin: VarOrigin,
): string[] {
  const applied: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (isSet(ctx.env[name]) || !isSet(value)) continue;
    ctx.env[name] = value;
    origins.set(name, origin);
    applied.push(name);
  }
  return applied;
}

function shellEnvironment(ctx: RuntimeContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.env)) if (value !== undefined) env[name] = value;
  env.HOME = ctx.homedir;
  return env;
}

async function importLoginShell(ctx: RuntimeContext, origins: Map<string, VarOrigin>, timeoutMs: number) {
  const missing = SHELL_IMPORT_ALLOWLIST.filter((name) => !isSet(ctx.env[name]));
  if (missing.length === 0) return { appliedKeys: [], error: undefined };
  const shell = isSet(ctx.env.SHELL) ? ctx.env.SHELL.trim() : '/bin/sh';
  const snapshot = await readLoginShellEnv({
    shell,
    env: shellEnvironment(ctx),
    cwd: ctx.cwd,
    timeoutMs,
    allowlist: SHELL_IMPORT_ALLOWLIST,
  });
  const wanted = Object.fromEntries(
    missing.flatMap((n) => (snapshot.vars[n] ? [[n, snapshot.vars[n]]] : [])),
  );
  return { appliedKeys: fill(ctx, origins, wanted, { kind: 'login-shell' }), error: snapshot.error };
}

/**
 * Fills `ctx.env` in place from, highest first: the process, `./.env`, `<state>/.env`, the config
 * `env` block, and (when enabled) the login shell. A value that is already set is never replaced.
 * Problems are returned as warnings, never thrown.
 */
export async function loadEnvironment(ctx: RuntimeContext, opts: LoadEnvOptions = {}): Promise<LoadedEnv> {
  const origins = recorded.get(ctx.env) ?? new Map<string, VarOrigin>();
  recorded.set(ctx.env, origins);
  const warnings: string[] = [];

  const cwdFile = await readDotenvFile(path.join(ctx.cwd, '.env'));
  warnings.push(...cwdFile.warnings);
  fill(ctx, origins, cwdFile.vars, { kind: 'cwd-dotenv', path: cwdFile.path });

  // Resolved after ./.env so that file may point at another state dir.
  const statePath = path.join(resolveStateDir(ctx), '.env');
  if (statePath !== cwdFile.path) {
    const stateFile = await readDotenvFile(statePath);
    warnings.push(...stateFile.warnings);
    fill(ctx, origins, stateFile.vars, { kind: 'state-dotenv', path: stateFile.path });
  }

  fill(ctx, origins, collectConfigEnvVars(opts.configEnv), { kind: 'config-env' });

  const settings = shellEnvSettings(opts.configEnv, ctx.env);
  const shell: LoadedEnv['shell'] = { enabled: settings.enabled, appliedKeys: [] };
  if (settings.enabled) {
    const result = await importLoginShell(ctx, origins, settings.timeoutMs);
    shell.appliedKeys = result.appliedKeys;
    if (result.error !== undefined) {
      shell.error = result.error;
      warnings.push(`${result.error}; continuing without shell env`);
    }
  }
  return { origins: new Map(origins), warnings, shell };
}
