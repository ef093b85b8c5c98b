import type { ModelResponse } from './request.js';

/** Why a request failed, as the failover table needs it. */
export type FailureKind =
  | 'auth'
  | 'rate_limit'
  | 'timeout'
  | 'billing'
  | 'format'
  | 'claude_code_only'
  | 'unknown';

const CLAUDE_CODE_ONLY = /only authorized for use with Claude Code/i;
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

/** Maps a failed response to its failure kind (spec 05 table). @throws never */
export function classifyFailure(
  res: Exclude<ModelResponse, { ok: true }>,
  isClaudeCodeOnly?: (body: string) => boolean,
): FailureKind {
  if (res.status === undefined) return 'timeout';
  const { status, body } = res;
  if ((isClaudeCodeOnly ?? ((b: string) => CLAUDE_CODE_ONLY.test(b)))(body)) return 'claude_code_only';
  if (status === 402 || BILLING.test(errorMessage(body))) return 'billing';
  if (status === 429 || status === 529 || OVERLOADED.test(errorMessage(body))) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'format';
  return 'unknown';
}
