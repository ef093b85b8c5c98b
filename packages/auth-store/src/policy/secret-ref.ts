import { refLabel, type SecretRef, type SecretsConfig } from '@clawdbot-auth/secrets';
import type { Credential } from '../schema.js';

/** The reference a credential's secret sits behind (`keyRef` / `tokenRef`); oauth takes none. */
export function secretRefOf(cred: Credential): SecretRef | undefined {
  if (cred.type === 'api_key') return cred.keyRef;
  if (cred.type === 'token') return cred.tokenRef;
  return undefined;
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
