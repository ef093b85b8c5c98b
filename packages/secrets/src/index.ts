/**
 * @clawdbot-auth/secrets: secret references (env, file, exec resolver protocol v1) and the
 * `secrets` section of clawdbot.json. The only public surface of the package.
 */

export { SecretsError, type SecretsErrorCode } from './errors.js';
export { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES, PROTOCOL_VERSION } from './exec.js';
export { DEFAULT_FILE_MAX_BYTES } from './file.js';
export {
  KEYRING_SERVICE,
  type KeyringLocation,
  KeyringLocationSchema,
  keyringDelete,
  keyringLocation,
  keyringRead,
  keyringWrite,
} from './keyring.js';
export {
  isCheapSource,
  type RefOutcome,
  resolveSecretRef,
  resolveSecretRefs,
  type SecretContext,
} from './resolve.js';
export { rememberResolved, resolvedSecrets } from './resolved.js';
export * from './schema.js';
