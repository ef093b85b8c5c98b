/**
 * The one place doctor imports its lower layers from (only their public `index.ts`
 * exports), so the surface it depends on is visible at a glance.
 */
export {
  type AuthStore,
  type Credential,
  clearCooldown,
  fingerprint,
  isInCooldown,
  profileHealth,
  readStore,
  removeProfile,
  resolveAgentDir,
  resolveCandidates,
  resolveStorePath,
  type StoreView,
  setOrder,
  clearOrder,
} from '@clawdbot-auth/auth-store';
export { syncExternalCredentials } from '@clawdbot-auth/claude-sync';
export {
  type ClawdbotConfig,
  type LoadedConfig,
  loadConfig,
  MIGRATIONS,
  providersInUse,
  resolveAgentId,
  updateConfig,
} from '@clawdbot-auth/config-migrate';
export {
  describeOrigin,
  expandHome,
  type LoadedEnv,
  loadEnvironment,
  PROVIDER_ENV_VARS,
  type RuntimeContext,
  resolveConfigPath,
  resolveProviderEnv,
  resolveStateDir,
  tildify,
} from '@clawdbot-auth/env-loader';
