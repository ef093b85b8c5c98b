import { credentialSecrets, redactText, type StoreView } from '@clawdbot-auth/auth-store';
import { SHELL_IMPORT_ALLOWLIST } from '@clawdbot-auth/env-loader';
import { resolvedSecrets } from '@clawdbot-auth/secrets';
import type { World } from './world.js';

/**
 * Every secret this process knows: the store's keys and tokens (the default agent's read-through
 * ones included), the credential variables of the environment, the config's
 * `models.providers.<p>.apiKey`, and every secret resolved so far from the keyring or a secret
 * ref (the store holds only references to those). A provider error may echo any of them, not
 * only the one it was sent.
 * @throws never
 */
export function knownSecrets(world: World, store: StoreView): string[] {
  const out: string[] = [...resolvedSecrets()];
  for (const cred of Object.values(store.store.profiles)) out.push(...credentialSecrets(cred));
  for (const name of SHELL_IMPORT_ALLOWLIST) {
    const value = world.ctx.env[name];
    if (typeof value === 'string') out.push(value);
  }
  for (const p of Object.values(world.loaded.config.models?.providers ?? {})) {
    if (typeof p?.apiKey === 'string') out.push(p.apiKey);
  }
  return out.filter((s) => s.trim() !== '');
}

/**
 * A provider's error text with every known secret (whole or any 8-character piece) and every
 * secret-looking run redacted: what is printed, stored as lastError and journaled.
 * @throws never
 */
export function scrubProviderText(world: World, store: StoreView, text: string, sent: string): string {
  return redactText(text, [sent, ...knownSecrets(world, store)]);
}
