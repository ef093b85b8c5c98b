export { getDeadMarker, getTombstone } from './entry-edits.js';
export { AuthStoreError, type AuthStoreErrorCode } from './errors.js';
export {
  clearOrder,
  keyringItemsOf,
  type Replaced,
  removeProfile,
  setOrder,
  type Upserted,
  type UpsertOptions,
  upsertProfile,
} from './mutations.js';
export {
  keyringTokenRef,
  type OAuthTokens,
  oauthInKeyring,
  oauthTokensOf,
  sealOAuth,
  writeOAuthTokens,
} from './oauth-keyring.js';
export {
  DEFAULT_AGENT_ID,
  normalizeAgentId,
  resolveAgentDir,
  resolveLegacyAgentDir,
  resolveLegacyOAuthPath,
  resolveStorePath,
} from './paths.js';
export { checkProfileRefs, profileSecret } from './profile-secret.js';
export {
  clearCooldown,
  markDead,
  markFailure,
  markSuccess,
  mutateProfile,
  type ProfileMeta,
} from './profile-state.js';
export { readStore, type StoreView } from './read-store.js';
export { importRecoveries, recoveryDirs, saveRecovery } from './recovery.js';
