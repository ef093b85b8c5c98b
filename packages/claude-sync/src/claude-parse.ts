import type { Credential } from '@clawdbot-auth/auth-store';
import { isRecord, parseJsonQuietly } from './parse-json.js';

/** A parsed external credential, or the precise reason it cannot be used. */
export type ParsedExternal =
  | { credential: Credential; problem?: undefined; warning?: string }
  | { credential?: undefined; problem: string; warning?: undefined };

/** Below this an `expiresAt` is seconds, not ms (1e11 ms is 1973; 1e11 s is year 5138). */
const MIN_MS_TIMESTAMP = 100_000_000_000;

function checkExpiresAt(v: unknown): string | undefined {
  if (v === undefined || v === null) return 'claudeAiOauth.expiresAt is missing';
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'claudeAiOauth.expiresAt is not a number';
  if (v <= 0) return 'claudeAiOauth.expiresAt is not a positive number';
  return undefined;
}

function checkAccess(v: unknown): string | undefined {
  if (v === undefined || v === null) return 'claudeAiOauth.accessToken is missing';
  if (typeof v !== 'string') return 'claudeAiOauth.accessToken is not a string';
  if (v.trim() === '') return 'claudeAiOauth.accessToken is empty';
  return undefined;
}

/**
 * Parses Claude Code's credentials JSON (file content or keychain password). With a
 * non-empty refresh token it is `oauth`, without one (`claude setup-token`) a `token`.
 * Problems are the field path and what is wrong, never a value.
 */
export function parseClaudeCredentials(text: string): ParsedExternal {
  const json = parseJsonQuietly(text);
  if (!json.ok) return { problem: json.message };
  if (!isRecord(json.value)) return { problem: 'expected a JSON object' };
  const o = json.value.claudeAiOauth;
  if (o === undefined) return { problem: 'claudeAiOauth is missing' };
  if (!isRecord(o)) return { problem: 'claudeAiOauth is not an object' };
  const problem = checkAccess(o.accessToken) ?? checkExpiresAt(o.expiresAt);
  if (problem) return { problem };
  const refresh = o.refreshToken;
  if (refresh !== undefined && refresh !== null && typeof refresh !== 'string') {
    return { problem: 'claudeAiOauth.refreshToken is not a string' };
  }
  const access = o.accessToken as string;
  // Some writers put seconds here (upstream kept them as ms: a login "expired" in 1970). Read
  // them as seconds and say so once, when the login is imported.
  const raw = o.expiresAt as number;
  const seconds = raw < MIN_MS_TIMESTAMP;
  const expires = seconds ? raw * 1000 : raw;
  const warning = seconds
    ? `claudeAiOauth.expiresAt is in seconds, not milliseconds: read as ${new Date(expires).toISOString()}`
    : undefined;
  const credential: Credential =
    typeof refresh === 'string' && refresh.trim() !== ''
      ? { type: 'oauth', provider: 'anthropic', access, refresh, expires }
      : { type: 'token', provider: 'anthropic', token: access, expires };
  return warning ? { credential, warning } : { credential };
}
