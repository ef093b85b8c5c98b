/**
 * JSON parsing that reports a position but never echoes the text: V8's messages quote a
 * slice of the input, which here would be secret bytes.
 */
export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses `text`; on failure a message like "not valid JSON (line 3, column 7)". */
export function parseJsonQuietly(text: string): JsonResult {
  if (text.trim() === '') return { ok: false, message: 'file is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const m = /position (\d+)/.exec(String((err as Error).message));
    if (!m) return { ok: false, message: 'not valid JSON' };
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    return { ok: false, message: `not valid JSON (line ${line}, column ${column})` };
  }
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one JWT claim without verifying the signature; undefined when it is not a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json = Buffer.from(parts[1], 'base64url').toString('utf8');
    const v: unknown = JSON.parse(json);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The latest time a JavaScript Date can hold (ms since the epoch). */
const MAX_DATE_MS = 8.64e15;

/** A JWT `exp` (seconds) as epoch ms, or undefined when it is missing, not a number or past what a Date holds. */
export function jwtExpiryMs(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return undefined;
  const ms = exp * 1000;
  return ms <= MAX_DATE_MS ? ms : undefined;
}

/**
 * An e-mail from a server's answer or a token claim, fit to become part of a profile id and be
 * printed: one `@`, no white space or control characters, at most 254 characters; else undefined.
 */
export function safeEmail(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 254) return undefined;
  return /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+$/u.test(v) ? v : undefined;
}
