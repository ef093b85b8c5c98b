import { randomBytes } from 'node:crypto';

/**
 * Fixture secrets: unique per call, random past their public prefix (no marker shared by two
 * secrets, so printing one never looks like a piece of another), and listed so a test can
 * assert that none of them reached stdout, stderr or a log.
 */
const made = new Set<string>();
/** The public prefix each fixture secret was minted with. */
const prefixes = new Map<string, string>();

function mint(prefix: string): string {
  const s = `${prefix}${randomBytes(17).toString('hex')}`;
  made.add(s);
  prefixes.set(s, prefix);
  return s;
}

export const fixtureSecret = {
  anthropicApiKey: () => mint('sk-ant-api03-'),
  anthropicOAuthAccess: () => mint('sk-ant-oat01-'),
  anthropicOAuthRefresh: () => mint('sk-ant-ort01-'),
  openaiApiKey: () => mint('sk-proj-'),
  openrouterApiKey: () => mint('sk-or-v1-'),
  opaque: () => mint('tok-'),
};

/**
 * Count `secret` as planted (the fake OAuth server's tokens): every leak check of this process
 * looks for it too. `publicPrefix` is the part that may be shown.
 */
export function plantSecret(secret: string, publicPrefix = ''): string {
  made.add(secret);
  prefixes.set(secret, publicPrefix);
  return secret;
}

/** Every fixture secret minted so far in this process. */
export function allFixtureSecrets(): string[] {
  return [...made];
}

/** Consecutive characters of a secret that count as a leak (past its public prefix). */
export const LEAK_WINDOW = 8;

/**
 * The part of a secret that may be shown, as a fingerprint shows it (`sk-ant-api03…`): the
 * prefix it was minted with, else its kind prefix (up to the last `-`/`_` in the first 13
 * characters), without that trailing separator; else nothing. A 20-character prefix of an
 * `sk-ant-api03-` key thus shows 8 characters past it: a leak.
 */
function publicPart(secret: string): number {
  const minted = prefixes.get(secret);
  const head = minted ?? secret.slice(0, 13);
  const end =
    minted === undefined ? Math.max(head.lastIndexOf('-'), head.lastIndexOf('_')) + 1 : minted.length;
  return /[-_]$/.test(head.slice(0, end)) ? end - 1 : end;
}

/**
 * The fixture secrets (or the given ones) of which `text` shows any {@link LEAK_WINDOW}
 * consecutive characters past the public prefix: a whole secret, its tail, first 8 + last
 * 8, or a 20-character prefix all count. The public prefix and a fingerprint do not.
 */
export function leakedSecrets(text: string, secrets: Iterable<string> = made): string[] {
  const out: string[] = [];
  for (const s of secrets) {
    const from = publicPart(s);
    const windows = s.length - from >= LEAK_WINDOW ? s.length - from - LEAK_WINDOW + 1 : 1;
    for (let i = 0; i < windows; i++) {
      if (text.includes(s.slice(from + i, from + i + LEAK_WINDOW))) {
        out.push(s);
        break;
      }
    }
  }
  return out;
}

/**
 * Throws when `text` leaks a secret (see {@link leakedSecrets}); the message says which
 * (by its public prefix and length) and where, never the secret itself.
 */
export function assertNoLeak(text: string, where: string, secrets: Iterable<string> = made): void {
  const leaked = leakedSecrets(text, secrets);
  if (leaked.length === 0) return;
  const names = leaked.map((s) => `${s.slice(0, publicPart(s))}… (${s.length} chars)`);
  throw new Error(`secret leak in ${where}: ${names.join(', ')}`);
}
