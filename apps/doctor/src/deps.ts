/**
 * The one place doctor imports its lower layers from (only their public `index.ts`
 * exports), so the surface it depends on is visible at a glance.
 */
export {
  type AuthEvent,
  type AuthStore,
  type Credential,
  clearCooldown,
  clearEtcdLock,
  clearOrder,
  type EtcdLock,
  etcdDiagnostics,
  fingerprint,
  formatRemaining,
  isInCooldown,
  isProfileDead,
  migrateCommand,
  plaintextFields,
  profileHealth,
  readAuthEvents,
  readStore,
  realPathCheck,
  redactText,
  removeProfile,
  resolveAgentDir,
  resolveLegacyAgentDir,
  resolveLegacyOAuthPath,
  resolveStorePath,
  resolveStoreSettings,
  type StoreView,
  secretRefOf,
  setOrder,
  storeStatus,
} from '@clawdbot-auth/auth-store';
export { LOCK_STALE_MS, syncExternalCredentials } from '@clawdbot-auth/claude-sync';
export {
  type ClawdbotConfig,
  isPlainObject,
  type LoadedConfig,
  loadConfig,
  MIGRATIONS,
  parseConfigText,
  providersInUse,
  resolveAgentId,
  updateConfig,
} from '@clawdbot-auth/config-migrate';
export {
  isSyncedProfileId,
  knownAgentIds,
  providerEntry,
  recoveryCommand,
  recoveryFor,
  resolveProvider,
  routeProfile,
  routingModeFor,
  SYNCED_PROFILE_IDS,
  unrouteProfile,
} from '@clawdbot-auth/credentials';
export {
  describeOrigin,
  expandHome,
  isValidAgentId,
  type LoadedEnv,
  loadEnvironment,
  normalizeAgentId,
  PROVIDER_ENV_VARS,
  type RuntimeContext,
  resolveConfigPath,
  resolveProviderEnv,
  resolveStateDir,
  tildify,
} from '@clawdbot-auth/env-loader';
export { clearLock, inspectLock, listCorruptCopies, lockPathFor } from '@clawdbot-auth/fs-safe';
