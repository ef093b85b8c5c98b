/**
 * @clawdbot-auth/claude-sync: reuse Claude Code and Codex CLI logins, refresh OAuth tokens
 * exactly once across processes, write rotations back, and the login flows.
 */

export { getAccessToken, refreshProfile } from './access-token.js';
export { claudeCodeOnlyError, isClaudeCodeOnlyError } from './claude-code-only.js';
export { type ParsedExternal, parseClaudeCredentials } from './claude-parse.js';
export { parseCodexCredentials } from './codex-parse.js';
export {
  claudeCredentialsPath,
  codexAuthPath,
  codexHome,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  DEFAULT_OAUTH_TIMEOUT_MS,
  MAX_OAUTH_TIMEOUT_MS,
  oauthTimeoutMs,
  type SyncContext,
} from './context.js';
export {
  ANTHROPIC_REDIRECT_URI,
  ANTHROPIC_SCOPES,
  CODEX_CALLBACK_PORT,
  ENDPOINT_ENV_VARS,
  OAUTH_CLIENT_IDS,
  type OAuthProvider,
  oauthEndpoints,
  type ProviderEndpoints,
} from './endpoints.js';
export { ClaudeSyncError, type ClaudeSyncErrorCode } from './errors.js';
export {
  fetchGuarded,
  type GuardedResponse,
  type GuardFailure,
  MODEL_REPLY_MAX_BYTES,
  TOKEN_RESPONSE_MAX_BYTES,
} from './guarded-fetch.js';
export { type GrantIdentity, identityKey, identityLockPath, LOCK_STALE_MS } from './identity-lock.js';
export { anthropicAuthorizeUrl, loginAnthropic } from './login-anthropic.js';
export { codexAuthorizeUrl, loginCodex, parsePastedCode } from './login-codex.js';
export type { SaveLogin, StoreLoginOptions } from './login-store.js';
export { DEFAULT_LOGIN_TIMEOUT_MS, LOGIN_TIMEOUT_ENV } from './login-wait.js';
export type { LoginIO } from './pkce.js';
export {
  CLAUDE_KEYCHAIN_SERVICE,
  CODEX_KEYCHAIN_SERVICE,
  codexKeychainAccount,
  type ExternalRead,
  readClaudeCodeCredentials,
  readCodexCredentials,
} from './read-external.js';
export { REFRESH_MARGIN_MS, type RefreshOptions, type WrittenBack } from './refresh.js';
export { runClaudeSetupToken } from './setup-token.js';
export {
  CLAUDE_CLI_PROFILE_ID,
  CODEX_CLI_PROFILE_ID,
  resetSyncMemory,
  type SyncOptions,
  type SyncResult,
  syncExternalCredentials,
} from './sync.js';
export { grantFingerprint, shouldImport } from './sync-rules.js';
export { writeBackClaudeCode } from './write-back.js';

/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/claude-sync';
