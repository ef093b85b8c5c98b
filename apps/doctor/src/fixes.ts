import { recoveryCommand, recoveryFor } from './deps.js';

export { formatRemaining } from './deps.js';

/** The command that gets a provider a fresh credential when it has none (credentials' recovery). */
export function missingFix(provider: string): string {
  return recoveryCommand(recoveryFor({ kind: 'missing_credential', provider }));
}

/** The command that replaces one stored credential (expired, dead or revoked). */
export function reloginFix(provider: string, profileId: string, type: string, dead = false): string {
  return recoveryCommand(recoveryFor({ kind: dead ? 'refresh_dead' : 'expired', provider, profileId, type }));
}

/** Other ways to give a provider a credential, for the message of a missing one. */
export function missingAlternatives(provider: string): string {
  const { env } = recoveryFor({ kind: 'missing_credential', provider });
  return env ? ` (other ways: ${env} in ~/.clawdbot/.env)` : '';
}
