/**
 * The one place doctor imports its lower layers from (only their public `index.ts`
 * exports), so the surface it depends on is visible at a glance.
 */
export {
  type AuthEvent,
  type AuthStore,
  type Credential,
  clearCooldown,
  clearOrder,
  fingerprint,
  formatRemaining,
  isInCooldown,
  isProfileDead,
  profileHealth,
  readAuthEvents,
  readStore,
  redactText,
  removeProfile,
  resolveAgentDir,
  resolveCandidates,
  resolveLegacyAgentDir,
  resolveLegacyOAuthPath,
  resolveStorePath,
  type StoreView,
  setOrder,
} from '@clawdbot-auth/auth-store';
export { syncExternalCredentials } from '@clawdbot-auth/claude-sync';
export {
  type ClawdbotConfig,
  type LoadedConfig,
  loadConfig,
  MIGRATIONS,
  parseConfigText,
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
