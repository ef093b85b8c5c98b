/**
 * @clawdbot-auth/credentials: the one home of the credential rules. The provider catalog,
 * the picture of an agent's candidates with reason codes, the resolver everyone asks, the
 * typed register/forget of a credential, and the recovery hints. The only public surface.
 */

export { knownAgentIds } from './agents.js';
export {
  API_KEY_FLAGS,
  AUTH_CHOICES,
  type AuthChoice,
  type AuthChoiceKind,
  apiKeyVars,
  authChoiceOf,
} from './auth-choices.js';
export {
  isSyncedProfileId,
  normalizeProviderId,
  PROVIDERS,
  type ProviderApi,
  type ProviderEntry,
  providerEntry,
  SYNCED_PROFILE_IDS,
  syncedProvider,
} from './catalog.js';
export { classifyHttpFailure, errorMessage, type FailureKind, HTTP_STATUS_KINDS } from './classify.js';
export { CredentialsError, type CredentialsErrorCode } from './errors.js';
export {
  type AgentPicture,
  type CandidatePicture,
  inspectAgent,
  inspectProvider,
  type ProviderPicture,
} from './inspect.js';
export {
  assertKeyringReady,
  heldInFile,
  heldInKeyring,
  inlineSecretOf,
  type Placement,
  type PlacementOptions,
  placeSecret,
  type SecretStorage,
  setSecretStorage,
} from './placement.js';
export { REASON_CODES, type ReasonCode, reasonCodeOf } from './reasons.js';
export {
  type Recovery,
  type RecoveryProblem,
  recoveryCommand,
  recoveryFor,
  recoveryForError,
  recoveryLine,
} from './recovery.js';
export { checkRefs, withCheckedRefs } from './refs.js';
export {
  forgetCredential,
  type Registered,
  type RoutingEntry,
  registerCredential,
  routeProfile,
  routingModeFor,
  unrouteProfile,
} from './register.js';
export { type Pin, providersOf, resolveForAgent, resolveProvider, usableCandidates } from './resolve.js';
export {
  type MigratedSecret,
  type MigrateStep,
  migrateSecrets,
  type SecretMigration,
} from './secret-migrate.js';
export { importLocalLogin, setupTokenAndRoute } from './sync.js';
export type { CredentialWorld } from './world.js';

/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/credentials';
