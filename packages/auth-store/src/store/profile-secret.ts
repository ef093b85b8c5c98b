import {
  isCheapSource,
  keyringRead,
  resolveSecretRef,
  resolveSecretRefs,
  type SecretContext,
  SecretsError,
} from '@clawdbot-auth/secrets';
import { secretRefOf } from '../policy/secret-ref.js';
import type { AuthStore, Credential } from '../schema.js';
import { oauthTokensOf } from './oauth-keyring.js';

const refField = (cred: Credential) => (cred.type === 'api_key' ? 'keyRef' : 'tokenRef');

/**
 * The key or token a request sends for a static profile: inline, or resolved through its
 * ref (a ref wins over an inline value, as upstream). OAuth goes through claude-sync.
 * @throws SECRET_REF_UNRESOLVED, KEYRING_UNAVAILABLE (message names the profile, field and cause)
 */
export async function profileSecret(sc: SecretContext, profileId: string, cred: Credential): Promise<string> {
  if (cred.type === 'oauth') return (await oauthTokensOf(profileId, cred)).access;
  const keyring = cred.clawdbot?.keyring;
  if (keyring) {
    try {
      return await keyringRead(keyring);
    } catch (err) {
      const e = err as SecretsError;
      throw new SecretsError(
        e.code ?? 'KEYRING_UNAVAILABLE',
        `${profileId}: ${e.message}`,
        e.hint ? { hint: e.hint } : {},
      );
    }
  }
  const ref = secretRefOf(cred);
  if (!ref) {
    if (cred.type === 'api_key') return cred.key ?? '';
    return cred.token ?? '';
  }
  try {
    return await resolveSecretRef(sc, ref, `${profileId}: ${refField(cred)}`);
  } catch (err) {
    if (err instanceof SecretsError) throw err;
    throw new SecretsError('SECRET_REF_UNRESOLVED', `${profileId}: ${refField(cred)} could not be resolved`);
  }
}

/**
 * Which profiles' refs do not resolve now: profile id -> reason. Env and file refs are
 * always checked (no process starts); exec refs only with `exec: true` (`--check`,
 * `--probe`, audit), so a plain status never runs a resolver.
 * @throws never
 */
export async function checkProfileRefs(
  sc: SecretContext,
  store: AuthStore,
  opts: { exec: boolean },
): Promise<Map<string, string>> {
  const ids: string[] = [];
  const refs = [];
  for (const [id, cred] of Object.entries(store.profiles)) {
    const ref = secretRefOf(cred);
    if (!ref || (!opts.exec && !isCheapSource(ref.source))) continue;
    ids.push(id);
    refs.push(ref);
  }
  const out = new Map<string, string>();
  if (refs.length === 0) return out;
  const outcomes = await resolveSecretRefs(sc, refs);
  outcomes.forEach((o, i) => {
    if (!o.ok) out.set(ids[i] as string, o.reason);
  });
  return out;
}
