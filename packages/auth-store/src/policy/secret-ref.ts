import { refLabel, type SecretRef, type SecretsConfig } from '@clawdbot-auth/secrets';
import type { Credential } from '../schema.js';

/** The reference a credential's secret sits behind (`keyRef` / `tokenRef`); oauth takes none. */
export function secretRefOf(cred: Credential): SecretRef | undefined {
  if (cred.type === 'api_key') return cred.keyRef;
  if (cred.type === 'token') return cred.tokenRef;
  return undefined;
}

/**
 * The secret fields an entry holds in plaintext in the file: `key`, `token`, OAuth `access`
 * and `refresh` (a key or token behind a ref counts too: a stale copy is still plaintext).
 * @throws never
 */
export function plaintextFields(cred: Credential): string[] {
  if (cred.clawdbot?.keyring) return []; // OAuth: `access`/`refresh` are `keyring:` references
  if (cred.type === 'oauth') return (['access', 'refresh'] as const).filter((f) => cred[f]);
  if (cred.type === 'api_key') return cred.key ? ['key'] : [];
  return cred.token ? ['token'] : [];
}

/** The command that moves an agent's plaintext keys and tokens into the keyring. */
export function migrateCommand(agentId: string): string {
  return `clawdbot secrets migrate --to keyring${agentId === 'main' ? '' : ` --agent ${agentId}`}`;
}

/** True when the bytes are not in the file: behind a ref or in the OS keyring. */
export function heldElsewhere(cred: Credential): boolean {
  return secretRefOf(cred) !== undefined || cred.clawdbot?.keyring !== undefined;
}

/**
 * Where a stored credential's secret lives, as status and `models auth list` show it:
 * `file` (the store, 0600), `keyring` or `ref:<provider>`.
 * @throws never
 */
export function secretLocation(cred: Credential, secrets?: SecretsConfig): string {
  if (cred.clawdbot?.keyring) return 'keyring';
  const ref = secretRefOf(cred);
  return ref ? refLabel(ref, secrets) : 'file';
}
