import type { Credential } from '../schema.js';

const TYPE_SUFFIX: Record<Credential['type'], string> = { oauth: 'oauth', token: 'token', api_key: 'key' };

/**
 * The id under which a new credential of `type` may be stored without destroying another
 * type's credential: `wanted` itself when it is free or holds the same type, else
 * `<wanted>-oauth` (`-token`, `-key`), then `-oauth-2`, ... The one rule for logins, pastes and
 * onboarding: a login never replaces an API key (issue 13).
 * @throws never
 */
export function profileIdForType(
  profiles: Readonly<Record<string, unknown>>,
  wanted: string,
  type: Credential['type'],
): string {
  const free = (id: string) => {
    const held = Object.hasOwn(profiles, id) ? profiles[id] : undefined;
    return !held || typeof held !== 'object' || (held as { type?: unknown }).type === type;
  };
  if (free(wanted)) return wanted;
  const base = `${wanted}-${TYPE_SUFFIX[type]}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (free(id)) return id;
  }
}
