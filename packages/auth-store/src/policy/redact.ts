import { sha256Hex } from '../lazy-crypto.js';
import type { Credential } from '../schema.js';

/**
 * Public kind prefixes we may show (at most 12 characters, longest first). A prefix is shown
 * only when the secret continues with a separator after it, so no secret byte past it leaks.
 */
const KNOWN_PREFIXES = [
  'sk-ant-api03',
  'sk-ant-oat01',
  'sk-ant-ort01',
  'github_pat',
  'sk-svcacct',
  'sk-or-v1',
  'sk-admin',
  'sk-proj',
  'sk-ant',
  'sk',
  'gsk',
  'xai',
  'ghp',
  'gho',
  'ghu',
  'ghs',
] as const;

/**
 * First 8 hex characters of the secret's SHA-256: tells two credentials apart, reveals nothing.
 * @throws never
 */
export function fingerprint(secret: string): string {
  return sha256Hex(secret).slice(0, 8);
}

/** The known public prefix of a secret ('sk-ant-api03'), or '' when it has none. */
export function publicPrefix(secret: string): string {
  const s = secret.trim();
  for (const prefix of KNOWN_PREFIXES) {
    const sep = s.charAt(prefix.length);
    if (s.startsWith(prefix) && (sep === '-' || sep === '_') && s.length > prefix.length + 8) return prefix;
  }
  return '';
}

/**
 * Display form of a secret: known prefix + '…#' + fingerprint ('sk-ant-api03…#3f9a0c1e').
 * @throws never
 */
export function redactSecret(secret: string): string {
  const s = secret.trim();
  if (s === '') return '(empty)';
  return `${publicPrefix(s)}…#${fingerprint(s)}`;
}

/** Secret-looking runs: the second net after field-based redaction. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // JWTs (three base64url segments)
  /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g,
  // provider keys with a kind prefix
  /\b(?:sk|gsk|xai|ghp|gho|ghu|ghs|github_pat)[-_][A-Za-z0-9_-]{12,}/g,
  /\bAIza[A-Za-z0-9_-]{30,}/g,
  // long opaque runs with both letters and digits (hex, base64url, base64)
  /(?<![A-Za-z0-9_+/-])(?=[A-Za-z0-9_+/-]*\d)(?=[A-Za-z0-9_+/-]*[A-Za-z])[A-Za-z0-9_+/-]{32,}={0,2}/g,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Consecutive characters of a known secret that count as a piece of it. */
const FRAGMENT = 8;

/**
 * `text` with every run of {@link FRAGMENT}+ characters copied from `secret` (past its public
 * prefix) replaced by `…`: a provider that echoes "key sk-ant-…abcd1234efgh" or half a key
 * shows none of it. Linear in the text (a set of the secret's windows).
 */
function scrubFragments(text: string, secret: string): string {
  const prefix = publicPrefix(secret).length;
  const body = secret.slice(prefix === 0 ? 0 : prefix + 1);
  if (body.length < FRAGMENT || text.length < FRAGMENT) return text;
  const windows = new Set<string>();
  for (let i = 0; i + FRAGMENT <= body.length; i++) windows.add(body.slice(i, i + FRAGMENT));
  const covered = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + FRAGMENT <= text.length; i++) {
    if (windows.has(text.slice(i, i + FRAGMENT))) {
      covered.fill(1, i, i + FRAGMENT);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += '…';
  }
  return out;
}

/** A path as a message shows it: `~/…` or `/…` after a blank, a quote, `(`, `=` or `:`. */
const PATH_TOKEN = /(?<![^\s'"(=:])(?:~\/|\/)[^\s'"()<>|;,]+/g;
/** Stands for the n-th kept path while the rest is redacted (a private-use character). */
const HOLE = /\uE000(\d+)\uE000/g;

/** Options of {@link redactText}. */
export interface RedactOptions {
  /**
   * Says whether a path-looking run is a real path (it exists, or its directory does): such a
   * path is kept whole, so a command that names it stays runnable instead of showing `…#hash`
   * for a directory name that merely looks random. A path holding a known secret is never kept.
   */
  isPath?: (p: string) => boolean;
}

/**
 * Text with every known secret (whole, or any piece of 8 characters past its public prefix) and
 * every secret-looking run replaced by its redacted form (real paths kept whole: `isPath`).
 * @throws never
 */
export function redactText(
  text: string,
  knownSecrets: readonly string[] = [],
  opts: RedactOptions = {},
): string {
  const known = [...new Set(knownSecrets.map((s) => s.trim()).filter((s) => s.length >= 6))];
  known.sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  let out = text;
  const { isPath } = opts;
  if (isPath) {
    out = out.replace(PATH_TOKEN, (token) => {
      const p = token.replace(/[.:]+$/, '');
      if (known.some((s) => p.includes(s)) || !isPath(p)) return token;
      kept.push(p);
      return `\uE000${kept.length - 1}\uE000${token.slice(p.length)}`;
    });
  }
  for (const secret of known) {
    out = out.replace(new RegExp(escapeRegExp(secret), 'g'), () => redactSecret(secret));
    out = scrubFragments(out, secret);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match) => redactSecret(match));
  }
  return kept.length === 0 ? out : out.replace(HOLE, (hole, i: string) => kept[Number(i)] ?? hole);
}

/** A credential as it may be shown: no secret field, fingerprints instead. */
export interface RedactedCredential {
  type: Credential['type'];
  provider: string;
  email?: string;
  accountId?: string;
  expires?: number;
  /** fingerprint of the key, token or access token */
  fingerprint: string;
  /** the redacted form of that secret ('sk-ant-api03…#3f9a0c1e') */
  redacted: string;
  /** oauth only: fingerprint of the refresh token */
  refreshFingerprint?: string;
}

/** The secret a request would send for this credential, as held in the file ('' when there is none, or behind a ref). */
export function primarySecret(cred: Credential): string {
  if (cred.clawdbot?.keyring) return '';
  if (cred.type === 'api_key') return cred.keyRef ? '' : (cred.key ?? '');
  if (cred.type === 'token') return cred.tokenRef ? '' : (cred.token ?? '');
  return cred.access || cred.refresh;
}

/**
 * The fingerprint status shows: of the inline secret, else the one stored beside a ref
 * (`clawdbot.fingerprint`), else ''. Never resolves anything.
 * @throws never
 */
export function displayFingerprint(cred: Credential): string {
  const secret = primarySecret(cred);
  return secret ? fingerprint(secret) : (cred.clawdbot?.fingerprint ?? '');
}

/**
 * A display-safe copy of a credential: only known non-secret fields and fingerprints.
 * @throws never
 */
export function redactCredential(cred: Credential): RedactedCredential {
  const secret = primarySecret(cred);
  const print = displayFingerprint(cred);
  const out: RedactedCredential = {
    type: cred.type,
    provider: cred.provider,
    fingerprint: print,
    redacted: secret ? redactSecret(secret) : print ? `…#${print}` : '(empty)',
  };
  if (cred.email) out.email = cred.email;
  if (cred.type === 'oauth') {
    if (cred.accountId) out.accountId = cred.accountId;
    if (cred.refresh) out.refreshFingerprint = fingerprint(cred.refresh);
  }
  if (cred.type !== 'api_key' && typeof cred.expires === 'number') out.expires = cred.expires;
  return out;
}

/** Every secret field of a credential, for redactText's known list. */
export function credentialSecrets(cred: Credential): string[] {
  if (cred.type === 'api_key') return cred.key ? [cred.key] : [];
  if (cred.type === 'token') return cred.token ? [cred.token] : [];
  return [cred.access, cred.refresh];
}
