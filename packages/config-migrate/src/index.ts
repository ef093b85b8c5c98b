/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/config-migrate';

export { BACKUP_COUNT, backupPaths } from './backups.js';
export { ConfigError, type ConfigErrorCode, type ConfigErrorOptions } from './errors.js';
export { parseConfigText } from './file.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './load.js';
export { applyMigrations, type ConfigMigration, MIGRATIONS } from './migrations.js';
export {
  DEFAULT_AGENT_ID,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type ModelSettings,
  providersInUse,
  resolveAgentId,
  resolveModelSettings,
  splitModelRef,
} from './models.js';
export { isPlainObject, type PlainObject } from './plain.js';
export {
  type AgentEntry,
  AgentEntrySchema,
  type AuthProfileConfig,
  AuthProfileConfigSchema,
  type ClawdbotConfig,
  ConfigSchema,
  type CooldownConfig,
  CooldownConfigSchema,
  type ModelList,
  type StoreConfig,
  StoreConfigSchema,
} from './schema.js';
export { serializeConfig } from './serialize.js';
export { updateConfig } from './update.js';
export { type ConfigIssue, formatPath, type ValidationResult, validateConfig } from './validate.js';
