import {
  type LoadedEnv,
  loadEnvironment,
  type RuntimeContext,
  resolveConfigPath,
  substituteEnvVars,
} from '@clawdbot-auth/env-loader';
import { ConfigError } from './errors.js';
import { readConfigFile } from './file.js';
import { applyMigrations } from './migrations.js';
import type { PlainObject } from './plain.js';
import type { ClawdbotConfig } from './schema.js';
import { type ConfigIssue, validateConfig } from './validate.js';

/** The config as loaded: `raw` is what a save writes, `config` is what readers use. */
export interface LoadedConfig {
  path: string;
  exists: boolean;
  /** Parsed and migrated in memory; `${VAR}` NOT substituted. */
  raw: Record<string, unknown>;
  /** Substituted and validated view (invalid entries left out of it, reported in `issues`). */
  config: ClawdbotConfig;
  /** Migration ids applied in memory on this load. */
  migrations: string[];
  issues: ConfigIssue[];
  env: LoadedEnv;
}

export interface LoadConfigOptions {
  /** Run loadEnvironment() with the config's `env` block first (default true). */
  loadEnv?: boolean;
}

const EMPTY_ENV: LoadedEnv = { origins: new Map(), warnings: [], shell: { enabled: false, appliedKeys: [] } };

function substitute(raw: PlainObject, ctx: RuntimeContext, file: string): unknown {
  try {
    return substituteEnvVars(raw, ctx.env);
  } catch (err) {
    const e = err as { code?: string; message?: string; hint?: string };
    if (e?.code !== 'ENV_VAR_MISSING') throw err;
    throw new ConfigError('ENV_VAR_MISSING', `${file}: ${e.message}`, {
      path: file,
      hint: e.hint ?? `set the variable in ~/.clawdbot/.env or the environment, or edit ${file}`,
    });
  }
}

/** Builds the loaded view from an already migrated raw object. @throws ENV_VAR_MISSING */
export async function viewConfig(
  ctx: RuntimeContext,
  file: { path: string; exists: boolean; raw: PlainObject; migrations: string[] },
  opts: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const configEnv = file.exists ? file.raw['env'] : undefined;
  const env = opts.loadEnv === false ? EMPTY_ENV : await loadEnvironment(ctx, { configEnv });
  const { value, issues } = validateConfig(substitute(file.raw, ctx, file.path));
  return { ...file, config: value, issues, env };
}

/**
 * Loads clawdbot.json (JSON5), applies legacy migrations in memory, loads the environment
 * and returns the substituted, validated view. A missing file is an empty config.
 * @throws CONFIG_PARSE_FAILED, CONFIG_READ_FAILED, ENV_VAR_MISSING
 */
export async function loadConfig(ctx: RuntimeContext, opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const path = resolveConfigPath(ctx);
  const { exists, raw } = await readConfigFile(path);
  const migrations = applyMigrations(raw);
  return viewConfig(ctx, { path, exists, raw, migrations }, opts);
}
