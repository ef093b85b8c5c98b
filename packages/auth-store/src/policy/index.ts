export { idsByProvider, valuesByProviderKey } from './by-provider.js';
export {
  type Candidate,
  type EnvCredential,
  modeAccepts,
  type OrderSource,
  profileSource,
  type Resolution,
  type ResolverConfig,
  type UnusableReason,
} from './candidates.js';
export {
  applyFailure,
  applySuccess,
  billingBaseHours,
  billingDisableMs,
  type CooldownConfig,
  type CooldownState,
  clearCooldownStats,
  cooldownMs,
  isInCooldown,
  unavailableUntil,
} from './cooldown.js';
export {
  DEFAULT_WARN_MS,
  formatRemaining,
  type HealthFacts,
  type HealthStatus,
  healthFromFacts,
  isProfileDead,
  type ProfileHealth,
  profileHealth,
} from './health.js';
export { realPathCheck } from './real-path.js';
export {
  credentialSecrets,
  displayFingerprint,
  fingerprint,
  primarySecret,
  publicPrefix,
  type RedactedCredential,
  type RedactOptions,
  redactCredential,
  redactSecret,
  redactText,
} from './redact.js';
export {
  type AuthHealthInput,
  type AuthHealthReport,
  buildAuthHealthReport,
  type CandidateHealth,
  checkExitCode,
  judgedCredentials,
  type ProviderHealth,
} from './report.js';
export { type ResolveInput, resolveCandidates } from './resolve.js';
export {
  heldElsewhere,
  migrateCommand,
  plaintextFields,
  secretLocation,
  secretRefOf,
} from './secret-ref.js';
export { looksLikeSecret, secretArguments } from './secret-shape.js';
