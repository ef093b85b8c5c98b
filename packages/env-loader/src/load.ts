import os from 'node:os';
import path from 'node:path';
import { collectConfigEnvVars, shellEnvSettings } from './config-env.js';
import { isSet, type RuntimeContext } from './context.js';
import { type DotenvFile, readDotenvFile } from './dotenv-file.js';
import type { LoadedEnv, VarOrigin } from './origins.js';
import { resolveStateDir } from './paths.js';
import { CWD_DOTENV_ALLOWLIST, SHELL_IMPORT_ALLOWLIST } from './providers.js';
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

// The login shell gets only these: BASH_ENV, ENV, LD_* or NODE_OPTIONS would run code in it.
const SHELL_PASSTHROUGH = ['USER', 'LOGNAME', 'PATH'] as const;

function shellEnvironment(ctx: RuntimeContext): Record<string, string> {
  const env: Record<string, string> = { HOME: ctx.homedir };
  for (const name of SHELL_PASSTHROUGH) {
    const value = ctx.env[name];
    if (isSet(value)) env[name] = value;
  }
  return env;
}

/** `$SHELL`, else the user's shell from the password database, else /bin/sh. */
function loginShell(ctx: RuntimeContext): string {
  if (isSet(ctx.env.SHELL)) return ctx.env.SHELL.trim();
  try {
    return os.userInfo().shell || '/bin/sh';
  } catch {
    return '/bin/sh';
  }
}

async function importLoginShell(ctx: RuntimeContext, origins: Map<string, VarOrigin>, timeoutMs: number) {
  const missing = SHELL_IMPORT_ALLOWLIST.filter((name) => !isSet(ctx.env[name]));
  if (missing.length === 0) return { appliedKeys: [], error: undefined };
  const shell = loginShell(ctx);
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

const LISTED_NAMES = 12;

/**
 * The working directory is not trusted (a cloned repository, a shared folder): its `.env` may
 * supply provider credentials only. Endpoints, directories, shell-import switches and what the
 * runtime reads (NODE_OPTIONS, LD_*, BASH_ENV) would send keys elsewhere or run code.
 */
function splitUntrusted(file: DotenvFile): { trusted: Record<string, string>; ignoredWarning?: string } {
  const allowed = new Set(CWD_DOTENV_ALLOWLIST);
  const trusted: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(file.vars)) {
    if (allowed.has(name)) trusted[name] = value;
    else ignored.push(name);
  }
  if (ignored.length === 0) return { trusted };
  const shown = ignored.slice(0, LISTED_NAMES).join(', ');
  const more = ignored.length > LISTED_NAMES ? ` and ${ignored.length - LISTED_NAMES} more` : '';
  return {
    trusted,
    ignoredWarning:
      `${file.path}: ignored ${shown}${more}: a .env in the working directory may only set provider ` +
      'credential variables; put other settings in <state>/.env (~/.clawdbot/.env) or the config',
  };
}

/**
 * Fills `ctx.env` in place from, highest first: the process, `./.env` (credential variables only),
 * `<state>/.env`, the config `env` block, and (when enabled) the login shell. A value that is
 * already set is never replaced. Problems are returned as warnings, never thrown.
 */
export async function loadEnvironment(ctx: RuntimeContext, opts: LoadEnvOptions = {}): Promise<LoadedEnv> {
  const origins = recorded.get(ctx.env) ?? new Map<string, VarOrigin>();
  recorded.set(ctx.env, origins);
  const warnings: string[] = [];

  // Resolved before any file: no .env may move the state dir (only the process env and config do).
  const statePath = path.join(resolveStateDir(ctx), '.env');
  const cwdPath = path.resolve(ctx.cwd, '.env');
  if (cwdPath !== path.resolve(statePath)) {
    const cwdFile = await readDotenvFile(cwdPath);
    warnings.push(...cwdFile.warnings);
    const { trusted, ignoredWarning } = splitUntrusted(cwdFile);
    if (ignoredWarning) warnings.push(ignoredWarning);
    fill(ctx, origins, trusted, { kind: 'cwd-dotenv', path: cwdFile.path });
  }

  const stateFile = await readDotenvFile(statePath);
  warnings.push(...stateFile.warnings);
  fill(ctx, origins, stateFile.vars, { kind: 'state-dotenv', path: stateFile.path });

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
