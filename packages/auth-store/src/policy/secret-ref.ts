import { refLabel, type SecretRef, type SecretsConfig } from '@clawdbot-auth/secrets';
import type { Credential } from '../schema.js';

/** The reference a credential's secret sits behind (`keyRef` / `tokenRef`); oauth takes none. */
export function secretRefOf(cred: Credential): SecretRef | undefined {
  if (cred.type === 'api_key') return cred.keyRef;
  if (cred.type === 'token') return cred.tokenRef;
  return undefined;
}

/**
 * Where a stored credential's secret lives, as status and `models auth list` show it:
 * `file` (the store, 0600) or `ref:<provider>`.
 * @throws never
 */
export function secretLocation(cred: Credential, secrets?: SecretsConfig): string {
  const ref = secretRefOf(cred);
  return ref ? refLabel(ref, secrets) : 'file';
}
