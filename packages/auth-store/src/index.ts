/**
 * @clawdbot-auth/auth-store: the per-agent credential store, its resolver and its health.
 * The only public surface of the package.
 */

export {
  type AuditFinding,
  type AuditInput,
  auditExitCode,
  auditSecrets,
  type SecretsAudit,
} from './audit/secrets-audit.js';
export { type MigrateResult, migrateStore, type StoreStatus, storeStatus } from './backend/admin.js';
export {
  backendFor,
  resetStoreBackend,
  resolveStoreSettings,
  type StoreBackend,
  storeBackend,
  withSharedLock,
} from './backend/index.js';
export { parseStoreUrl, type StoreSettings } from './backend/settings.js';
export * from './journal/index.js';
export * from './policy/index.js';
export * from './schema.js';
export * from './store/index.js';
