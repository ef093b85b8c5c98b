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
export {
  clearEtcdLock,
  type EtcdLock,
  etcdDiagnostics,
  type MemberHealth,
} from './backend/diagnostics.js';
export {
  backendFor,
  resetStoreBackend,
  resolveStoreSettings,
  type StoreBackend,
  storeBackend,
  withSharedLock,
} from './backend/index.js';
export { type MigrateResult, migrateStore } from './backend/migrate.js';
export { parseStoreUrl, type StoreSettings } from './backend/settings.js';
export { type StoreStatus, storeStatus } from './backend/status.js';
export * from './journal/index.js';
export { nodeCrypto, sha256Hex } from './lazy-crypto.js';
export * from './policy/index.js';
export * from './schema.js';
export * from './store/index.js';
