export { createContext, type RuntimeContext } from './context.js';
export { type DotenvFile, readDotenvFile } from './dotenv-file.js';
export { EnvLoaderError, type EnvLoaderErrorCode } from './errors.js';
export {
  canonicalProviderId,
  DEFAULT_AGENT_ID,
  isValidAgentId,
  normalizeAgentId,
  normalizeProfileId,
  normalizeProviderId,
} from './ids.js';
export { type LoadEnvOptions, loadEnvironment } from './load.js';
export { describeOrigin, type LoadedEnv, originOf, type VarOrigin } from './origins.js';
export { expandHome, resolveConfigPath, resolveStateDir, tildify } from './paths.js';
export {
  CWD_DOTENV_ALLOWLIST,
  OAUTH_ENV_VARS,
  PROVIDER_BASE_URL_VARS,
  PROVIDER_ENV_VARS,
  type ProviderEnvCredential,
  providerEnvVarFor,
  resolveProviderEnv,
  SHELL_IMPORT_ALLOWLIST,
} from './providers.js';
export { DEFAULT_SHELL_TIMEOUT_MS, SHELL_OUTPUT_LIMIT } from './shell-env.js';
export { substituteEnvVars } from './substitute.js';

/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/env-loader';
