import { isClaudeCodeOnlyError } from '@clawdbot-auth/claude-sync';

/** Why a provider request failed, as failover and the probe need it. */
export type FailureKind =
  | 'auth'
  | 'rate_limit'
  | 'timeout'
  | 'billing'
  | 'format'
  | 'claude_code_only'
  | 'unknown';

/** HTTP statuses and what each means, for every provider (spec 05 table). */
export const HTTP_STATUS_KINDS: Readonly<Record<number, FailureKind>> = Object.freeze({
  400: 'format',
  401: 'auth',
  402: 'billing',
  403: 'auth',
  404: 'format',
  408: 'timeout',
  413: 'format',
  422: 'format',
  429: 'rate_limit',
  504: 'timeout',
  529: 'rate_limit',
});

const BILLING =
  /credit balance|insufficient[_ ]quota|exceeded your current quota|billing|out of credits|purchase credits|payment required|insufficient credits/i;
const OVERLOADED = /overloaded/i;

/** The provider's error message (Anthropic and OpenAI shapes), else the raw body, cut short. @throws never */
export function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const msg = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
    if (typeof msg === 'string' && msg.trim()) return msg.trim().slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 300);
}

/**
 * Maps an HTTP failure (or no answer: status undefined) to its failure kind. The body decides
 * before the status where providers say more than the code (billing text on a 400/429,
 * "overloaded" on a 500). @throws never
 */
export function classifyHttpFailure(status: number | undefined, body = ''): FailureKind {
  if (status === undefined) return 'timeout';
  if (isClaudeCodeOnlyError(body)) return 'claude_code_only';
  const message = errorMessage(body);
  if (status === 402 || BILLING.test(message)) return 'billing';
  if (OVERLOADED.test(message)) return 'rate_limit';
  return HTTP_STATUS_KINDS[status] ?? 'unknown';
}
