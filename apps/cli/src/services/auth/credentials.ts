import { looksLikeSecret } from '@clawdbot-auth/auth-store/secret-shape';
import { displayPath } from '@clawdbot-auth/command-kit';
import { normalizeProfileId } from '@clawdbot-auth/env-loader';
import type { CliEnvironment } from '../../context.js';
import { CliError } from '../../errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `30m`, `12h`, `365d`, `1w` (a bare number is days, as upstream reads it) to ms.
 * @throws INVALID_DURATION
 */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+)\s*([mhdw]?)\s*$/i.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!m || !Number.isSafeInteger(n) || n <= 0) {
    throw new CliError(
      'INVALID_DURATION',
      `invalid duration: ${text}`,
      'Use a duration such as 30m, 12h, 365d or 1w.',
    );
  }
  return n * (UNIT_MS[(m[2] || 'd').toLowerCase()] ?? UNIT_MS.d!);
}

/**
 * A pasted secret with every whitespace and line break removed.
 * @throws EMPTY_TOKEN, TOKEN_BAD_CHARACTER (control or non-ASCII), TOKEN_LOOKS_LIKE_OAUTH_CODE
 */
export function normalizeSecret(raw: string, provider: string, flag = 'token'): string {
  const token = raw.replace(/\s+/g, '');
  if (!token) {
    throw new CliError(
      'EMPTY_TOKEN',
      `no ${flag} given for ${provider}: the input was empty`,
      'Paste the token again.',
    );
  }
  // Only visible ASCII can travel in an HTTP header: anything else would fail every request later.
  const bad = token.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    const c = token.charCodeAt(bad);
    throw new CliError(
      'TOKEN_BAD_CHARACTER',
      `the pasted ${flag} for ${provider} contains ${c < 0x20 || (c >= 0x7f && c <= 0x9f) ? 'a control character' : 'a non-ASCII character'} (position ${bad + 1}); nothing was saved`,
      'Copy the token again from its source (plain text, no formatting) and paste it once more.',
    );
  }
  if (token.includes('#')) {
    throw new CliError(
      'TOKEN_LOOKS_LIKE_OAUTH_CODE',
      `the pasted ${flag} contains "#": it looks like an OAuth code#state, not a token`,
      `For a Claude login run: clawdbot models auth login --provider ${provider}`,
    );
  }
  return token;
}

/**
 * The profile id to write: `<provider>:manual` by default; a given id must belong to the provider
 * and must not be a secret typed in the wrong place (it would be stored and shown by every status).
 * @throws PROFILE_PROVIDER_MISMATCH, PROFILE_ID_LOOKS_LIKE_SECRET
 */
export function resolveProfileId(
  provider: string,
  given: string | undefined,
  fallbackName = 'manual',
): string {
  if (!given) return `${provider}:${fallbackName}`;
  const i = given.indexOf(':');
  if (looksLikeSecret(given) || looksLikeSecret(given.slice(i + 1))) {
    throw new CliError(
      'PROFILE_ID_LOOKS_LIKE_SECRET',
      '--profile-id looks like a secret, not a profile id; nothing was saved',
      `Give the secret where it is asked for and a name as the id, e.g. --profile-id ${provider}:work`,
    );
  }
  const prefix = i < 0 ? '' : given.slice(0, i).toLowerCase();
  const name = i < 0 ? given : given.slice(i + 1);
  if (i >= 0 && prefix !== provider) {
    throw new CliError(
      'PROFILE_PROVIDER_MISMATCH',
      `--profile-id "${given}" is for ${prefix}, not ${provider}`,
      `Use --profile-id ${provider}:${name || fallbackName}`,
    );
  }
  return normalizeProfileId(`${provider}:${name.trim() || fallbackName}`, '--profile-id');
}

export interface SavedCredential {
  profileId: string;
  provider: string;
  type: 'token' | 'api_key';
  expires?: number;
  /** redacted form: public prefix + fingerprint */
  redacted: string;
  fingerprint: string;
  /** where the secret went */
  storage: 'keyring' | 'file';
  /** set when the keyring could not be used and --insecure-storage let it go to the file */
  keyringProblem?: string;
  /** the replaced credential's keyring item could not be deleted (what to delete by hand) */
  keyringLeft?: string;
  configPath: string;
  storePath: string;
  /** an earlier credential under the id was replaced (`previous` says its type and fingerprint) */
  replaced: boolean;
  previous?: { type: string; fingerprint?: string; sameSecret: boolean };
}

/**
 * Store a token or API key in the agent's store and record `auth.profiles[id]` in config
 * (credentials' registerCredential, the one place that does both).
 * @throws STORE_PARSE_FAILED, CONFIG_PARSE_FAILED (nothing written when the store cannot be read)
 */
export async function saveCredential(
  env: CliEnvironment,
  input: {
    provider: string;
    profileId: string;
    type: 'token' | 'api_key';
    secret: string;
    expires?: number;
    /** the journal event: a pasted/added secret, or one a login method handed back */
    event?: 'paste' | 'login';
  } & StorageChoice,
  opts: import('@clawdbot-auth/auth-store').UpsertOptions = {},
): Promise<SavedCredential> {
  const store = await import('@clawdbot-auth/auth-store');
  const { registerCredential } = await import('@clawdbot-auth/credentials');
  const { provider, profileId, type, secret, expires } = input;
  const credential =
    type === 'token'
      ? { type, provider, token: secret, ...(expires ? { expires } : {}) }
      : { type, provider, key: secret };
  const saved = await registerCredential(env.ctx, env.agentId, {
    profileId,
    credential,
    upsert: opts,
    storage: input.storage,
    insecureStorage: input.insecureStorage,
  });
  store.recordAuthEvent(env.ctx, {
    event: input.event ?? 'paste',
    agent: env.agentId,
    profileId,
    fingerprint: store.fingerprint(secret),
    cause: `${type} for ${provider}`,
    store: store.resolveStorePath(env.ctx, env.agentId),
  });
  const out: SavedCredential = {
    profileId,
    provider,
    type,
    redacted: store.redactSecret(secret),
    fingerprint: store.fingerprint(secret),
    storage: saved.storage,
    configPath: saved.configPath,
    storePath: saved.storePath,
    replaced: saved.replaced !== undefined && !saved.replaced.sameSecret,
  };
  if (saved.replaced) out.previous = saved.replaced;
  if (expires) out.expires = expires;
  if (saved.keyringProblem) out.keyringProblem = saved.keyringProblem;
  if (saved.keyringLeft) out.keyringLeft = saved.keyringLeft;
  return out;
}

/** `--storage` / `--insecure-storage` of the commands that store a secret. */
export interface StorageChoice {
  storage?: 'keyring' | 'file' | undefined;
  insecureStorage?: boolean | undefined;
}

/** The stderr lines of a fallback to the file (--insecure-storage) and of an item left in the keyring, or undefined. */
export function fallbackWarning(env: CliEnvironment, s: SavedCredential): string | undefined {
  const lines: string[] = [];
  if (s.keyringProblem) {
    lines.push(
      `keyring unavailable (${s.keyringProblem}): stored in ${displayPath(env.ctx.homedir, s.storePath)} (0600) as --insecure-storage allows`,
    );
  }
  if (s.keyringLeft) lines.push(`warning: ${s.keyringLeft}`);
  return lines.length ? lines.join('\n') : undefined;
}

/** What a save replaced, in words: `Replaced the api_key stored under openai:default (fingerprint 1a2b3c4d).` */
export function replacedLine(s: Pick<SavedCredential, 'profileId' | 'previous'>): string | undefined {
  const p = s.previous;
  if (!p || p.sameSecret) return undefined; // the same secret again replaces nothing
  return `Replaced the ${p.type} stored under ${s.profileId}${p.fingerprint ? ` (fingerprint ${p.fingerprint})` : ''}.`;
}

/** Text of a saved credential (upstream's two lines plus the fingerprint, and what it replaced). */
export function renderSaved(env: CliEnvironment, s: SavedCredential): string {
  const replaced = replacedLine(s);
  return [
    `Updated ${displayPath(env.ctx.homedir, s.configPath)}`,
    `Auth profile: ${s.profileId} (${s.provider}/${s.type})`,
    `Fingerprint: ${s.redacted}${s.expires ? ` (expires ${new Date(s.expires).toISOString()})` : ''}`,
    ...(s.storage === 'keyring' ? ['Stored in: the OS keyring (the store keeps its fingerprint)'] : []),
    ...(replaced ? [replaced] : []),
  ].join('\n');
}

/**
 * Read a token or API key (hidden prompt on a terminal, else the whole of stdin) and store it:
 * the body of `paste-token` and `paste-api-key`.
 * @throws EMPTY_TOKEN, TOKEN_LOOKS_LIKE_OAUTH_CODE, STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function pasteCredential(
  env: CliEnvironment,
  input: { provider: string; profileId: string; type: 'token' | 'api_key'; ttlMs?: number } & StorageChoice,
): Promise<SavedCredential> {
  const { readSecret } = await import('./read-secret.js');
  const what = input.type === 'token' ? 'token' : 'API key';
  const secret = normalizeSecret(
    await readSecret(`Paste ${what} for ${input.provider}`),
    input.provider,
    what,
  );
  return saveCredential(env, {
    provider: input.provider,
    profileId: input.profileId,
    type: input.type,
    secret,
    expires: input.ttlMs === undefined ? undefined : env.ctx.now() + input.ttlMs,
    storage: input.storage,
    insecureStorage: input.insecureStorage,
  });
}
