import { fetchGuarded, MODEL_REPLY_MAX_BYTES } from '@clawdbot-auth/claude-sync';
import type { Endpoint } from './endpoint.js';

/** The secret a request carries and what kind it is (decides the header). */
export interface RequestCredential {
  type: 'api_key' | 'token' | 'oauth';
  secret: string;
}

export interface ModelRequest {
  endpoint: Endpoint;
  model: string;
  message: string;
  credential: RequestCredential;
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
  maxTokens?: number;
}

/** What came back: a reply, or an HTTP error with its body, or no answer at all. */
export type ModelResponse =
  | { ok: true; status: number; text: string }
  | { ok: false; status: number; body: string }
  | { ok: false; status?: undefined; error: 'timeout' | 'network'; detail: string };

const ANTHROPIC_VERSION = '2023-06-01';
const OAUTH_BETA = 'oauth-2025-04-20';

function headersFor(req: ModelRequest): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const { type, secret } = req.credential;
  if (req.endpoint.api === 'openai-completions') {
    headers.authorization = `Bearer ${secret}`;
    return headers;
  }
  headers['anthropic-version'] = ANTHROPIC_VERSION;
  if (type === 'api_key') {
    headers['x-api-key'] = secret;
  } else {
    headers.authorization = `Bearer ${secret}`;
    headers['anthropic-beta'] = OAUTH_BETA;
  }
  return headers;
}

function bodyFor(req: ModelRequest): string {
  const messages = [{ role: 'user', content: req.message }];
  const maxTokens = req.maxTokens ?? 1024;
  if (req.endpoint.api === 'openai-completions') {
    return JSON.stringify({ model: req.model, messages, max_tokens: maxTokens });
  }
  return JSON.stringify({ model: req.model, max_tokens: maxTokens, messages });
}

/** The reply text of a successful response; empty when the shape is unexpected. @throws never */
export function extractReply(api: Endpoint['api'], body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    if (!json || typeof json !== 'object') return '';
    if (api === 'openai-completions') {
      const choices = json.choices as { message?: { content?: unknown } }[] | undefined;
      const content = choices?.[0]?.message?.content;
      return typeof content === 'string' ? content : '';
    }
    const blocks = (json.content as { type?: string; text?: unknown }[] | undefined) ?? [];
    return blocks
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text)
      .join('');
  } catch {
    return '';
  }
}

function isJsonBody(body: string): boolean {
  try {
    const json: unknown = JSON.parse(body);
    return json !== null && typeof json === 'object';
  } catch {
    return false;
  }
}

/** Sends one request with global fetch and a deadline. @throws never (HTTP and network failures are returned) */
export async function sendModelRequest(req: ModelRequest): Promise<ModelResponse> {
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const answer = await fetchGuarded(
      req.endpoint.url,
      { method: 'POST', headers: headersFor(req), body: bodyFor(req), signal },
      MODEL_REPLY_MAX_BYTES,
    );
    if (!answer.ok) return { ok: false, status: answer.status, body: answer.message };
    const { res, text: body } = answer;
    if (!res.ok) return { ok: false, status: res.status, body };
    if (!isJsonBody(body)) {
      // A captive portal or proxy login page answers 200 with HTML: that is no reply of the model.
      const type = res.headers.get('content-type')?.split(';')[0] ?? 'no content type';
      return { ok: false, status: res.status, body: `not a model reply: a ${type} page instead of JSON` };
    }
    return { ok: true, status: res.status, text: extractReply(req.endpoint.api, body) };
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    if (signal.aborted || e.name === 'TimeoutError' || e.name === 'AbortError') {
      return { ok: false, error: 'timeout', detail: `no answer within ${req.timeoutMs} ms` };
    }
    // The cause's code (ECONNREFUSED, ENOTFOUND...) says what failed without echoing request data.
    return { ok: false, error: 'network', detail: e.cause?.code ?? e.name ?? 'network error' };
  }
}
