import type { Credential } from '@clawdbot-auth/auth-store';
import type { ParsedExternal } from './claude-parse.js';
import { isRecord, jwtClaims, jwtExpiryMs, parseJsonQuietly, safeEmail } from './parse-json.js';

const HOUR_MS = 3_600_000;

function nonEmpty(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return `${field} is missing`;
  if (typeof v !== 'string') return `${field} is not a string`;
  if (v.trim() === '') return `${field} is empty`;
  return undefined;
}

/** Expiry of a Codex access token: its JWT `exp` claim, else upstream's guess (mtime + 1 h). */
export function codexExpiry(access: string, mtimeMs: number): number {
  return jwtExpiryMs(access) ?? mtimeMs + HOUR_MS;
}

function emailOf(idToken: unknown): string | undefined {
  if (typeof idToken !== 'string') return undefined;
  return safeEmail(jwtClaims(idToken)?.email);
}

/** Parses Codex CLI's auth.json (or its keychain password); `mtimeMs` feeds the expiry fallback. */
export function parseCodexCredentials(text: string, mtimeMs: number): ParsedExternal {
  const json = parseJsonQuietly(text);
  if (!json.ok) return { problem: json.message };
  if (!isRecord(json.value)) return { problem: 'expected a JSON object' };
  const t = json.value.tokens;
  if (t === undefined || t === null) return { problem: 'tokens is missing' };
  if (!isRecord(t)) return { problem: 'tokens is not an object' };
  const problem =
    nonEmpty(t.access_token, 'tokens.access_token') ?? nonEmpty(t.refresh_token, 'tokens.refresh_token');
  if (problem) return { problem };
  const access = t.access_token as string;
  const credential: Credential = {
    type: 'oauth',
    provider: 'openai-codex',
    access,
    refresh: t.refresh_token as string,
    expires: codexExpiry(access, mtimeMs),
  };
  if (typeof t.account_id === 'string' && t.account_id !== '') credential.accountId = t.account_id;
  const email = emailOf(t.id_token);
  if (email) credential.email = email;
  return { credential };
}
