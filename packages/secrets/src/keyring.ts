import * as z from 'zod/mini';
import { SecretsError } from './errors.js';
import { rememberResolved } from './resolved.js';

/**
 * Secret bytes in the OS keyring (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux) through `@napi-rs/keyring`, whose prebuilt binary ships in its npm
 * package. The binding is loaded on first use only: status never pays for it.
 */

/** Service name of every item we write. */
export const KEYRING_SERVICE = 'clawdbot-auth';

/** Where an entry's secret sits in the keyring (kept in the store in place of the bytes). */
export const KeyringLocationSchema = z.lazy(() =>
  z.looseObject({
    service: z.string().check(z.minLength(1)),
    account: z.string().check(z.minLength(1)),
  }),
);
export type KeyringLocation = z.infer<typeof KeyringLocationSchema>;

type EntryClass = new (
  service: string,
  account: string,
  options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
) => {
  setPassword(secret: string, signal?: AbortSignal): Promise<void>;
  getPassword(signal?: AbortSignal): Promise<string | null>;
  deletePassword(signal?: AbortSignal): Promise<boolean>;
};

/** A keyring call that does not answer (a locked keyring waiting for a prompt) fails after this. */
export const KEYRING_TIMEOUT_MS = 10_000;

let binding: Promise<EntryClass> | undefined;

async function entry(at: KeyringLocation) {
  // Loaded on first use only (a native binary): status never pays for it.
  binding ??= import('@napi-rs/keyring').then((m) => m.AsyncEntry as unknown as EntryClass);
  const Entry = await binding;
  // Linux: the Secret Service only. Unpinned, the binding silently falls back to the kernel
  // keyring, which forgets everything on reboot: a fallback the user must see, not one we take.
  return new Entry(at.service, at.account, { linux: { store: 'secret-service' } });
}

const deadline = () => AbortSignal.timeout(KEYRING_TIMEOUT_MS);

/** The first line of a binding error (the rest is a native backtrace), never a secret. */
function cause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? 'unknown error').trim();
}

function unavailable(err: unknown): SecretsError {
  return new SecretsError('KEYRING_UNAVAILABLE', `cannot use the OS keyring: ${cause(err)}`, {
    hint:
      process.platform === 'linux'
        ? 'start a Secret Service (gnome-keyring-daemon --unlock --components=secrets in a D-Bus session), or run again with --insecure-storage to keep the secret in the 0600 store file'
        : 'unlock the keychain, or run again with --insecure-storage to keep the secret in the 0600 store file',
  });
}

/**
 * The keyring account of one profile of one agent: `<agent>/<profile>`, prefixed with `<scope>:`
 * (the state dir) for any state dir but the default one, so two state dirs of one user (`--dev`,
 * `--profile`, CLAWDBOT_STATE_DIR) never write or delete each other's items.
 */
export function keyringLocation(agentId: string, profileId: string, scope?: string): KeyringLocation {
  return { service: KEYRING_SERVICE, account: `${scope ? `${scope}:` : ''}${agentId}/${profileId}` };
}

/**
 * Stores `secret` and reads it back; only a read-back equal to what was written counts.
 * @throws KEYRING_UNAVAILABLE
 */
export async function keyringWrite(at: KeyringLocation, secret: string): Promise<void> {
  try {
    const item = await entry(at);
    await item.setPassword(secret, deadline());
    if ((await item.getPassword(deadline())) !== secret) {
      throw new Error('the keyring returned another value than was written');
    }
  } catch (err) {
    throw unavailable(err);
  }
}

/**
 * The secret at `at`.
 * @throws KEYRING_UNAVAILABLE, SECRET_REF_UNRESOLVED (no such item)
 */
export async function keyringRead(at: KeyringLocation): Promise<string> {
  let value: string | null;
  try {
    value = await (await entry(at)).getPassword(deadline());
  } catch (err) {
    throw unavailable(err);
  }
  if (typeof value !== 'string' || value === '') {
    throw new SecretsError('SECRET_REF_UNRESOLVED', `the keyring has no item ${at.service}/${at.account}`, {
      hint: 'add it again: clawdbot models auth paste-token --provider <provider> --profile-id <id> --storage keyring',
    });
  }
  return rememberResolved(value);
}

/**
 * Removes the item (absent is fine).
 * @throws KEYRING_UNAVAILABLE
 */
export async function keyringDelete(at: KeyringLocation): Promise<void> {
  try {
    await (await entry(at)).deletePassword(deadline());
  } catch (err) {
    if (/no (matching )?entry|not found/i.test(cause(err))) return;
    throw unavailable(err);
  }
}
