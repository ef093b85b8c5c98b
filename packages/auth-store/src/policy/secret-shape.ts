/**
 * The shape of a secret typed where it does not belong (an argument, a flag value, an id):
 * a known key prefix, a JWT, or a long high-entropy string. The one rule the CLI uses to
 * redact arguments and to refuse secret-looking profile ids.
 */

const PREFIXED = /^(?:sk|gsk|xai|ghp|gho|ghu|ghs|github_pat|xox[abpr]|xapp)[-_][A-Za-z0-9_-]{12,}$/;
const GOOGLE = /^AIza[A-Za-z0-9_-]{30,}$/;
const JWT = /^eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}$/;
const OPAQUE = /^[A-Za-z0-9_+/=.-]{24,}$/;
const MIN_ENTROPY_BITS = 3.5;

/** Shannon entropy of `s` in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * True for a value that reads as a credential: a known key prefix (`sk-ant-…`, `ghp_…`), a JWT,
 * or a string of 24+ key characters mixing letters and digits, mixed-case or one 32+ run, with
 * high entropy. Paths, URLs, model names, words and `<provider>:<name>` ids are not.
 * @throws never
 */
export function looksLikeSecret(value: string): boolean {
  const s = value.trim();
  if (s.length < 16) return false;
  if (PREFIXED.test(s) || GOOGLE.test(s) || JWT.test(s)) return true;
  if (!OPAQUE.test(s) || /^[./~]/.test(s)) return false;
  if (!/\d/.test(s) || !/[A-Za-z]/.test(s)) return false;
  // Random keys mix cases (base64) or are one long run (hex); model names and slugs are
  // lower-case words between separators (`claude-opus-4-5-20251101`).
  const mixedCase = /[a-z]/.test(s) && /[A-Z]/.test(s);
  const oneRun = /^[A-Za-z0-9]{32,}$/.test(s);
  return (mixedCase || oneRun) && entropy(s) >= MIN_ENTROPY_BITS;
}

/**
 * The command-line values that look like secrets: whole arguments and the value of `--flag=value`.
 * @throws never
 */
export function secretArguments(argv: readonly string[]): string[] {
  const found = new Set<string>();
  for (const arg of argv) {
    const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
    const value = eq > 0 ? arg.slice(eq + 1) : arg;
    if (looksLikeSecret(value)) found.add(value.trim());
  }
  return [...found];
}
