import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fake of the Anthropic Messages API and OpenAI-compatible chat completions.
 * Each request takes the next scripted step (or asks a function), and is recorded so a
 * test can assert which credential, header and path were used.
 */

/** What the server does with one request. */
export type ModelStep =
  | { kind: 'reply'; text: string; delayMs?: number }
  | { kind: 'status'; status: number; body: unknown }
  | { kind: 'raw'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'hang' };

export interface RecordedModelRequest {
  method: string;
  /** Path as requested, e.g. `/v1/messages` or `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** The credential sent: `x-api-key`, else the bearer token of `authorization`. */
  credential?: string;
  /** How it was sent. */
  credentialHeader?: 'x-api-key' | 'authorization';
  /** Which scripted step answered (0-based). */
  index: number;
}

export interface FakeModelServerOptions {
  /** Steps in order, or a function picking the step for each request. Default step: reply "ok". */
  script?: ModelStep[] | ((req: RecordedModelRequest) => ModelStep);
  /** Used once an array script is exhausted. */
  fallback?: ModelStep;
}

export interface FakeModelServer {
  /** `http://127.0.0.1:<port>`: the Anthropic base URL (requests go to `/v1/messages`). */
  url: string;
  /** `<url>/v1`: an OpenAI-compatible base URL (requests go to `/v1/chat/completions`). */
  openaiBaseUrl: string;
  requests: RecordedModelRequest[];
  close(): Promise<void>;
}

const anthropicError = (type: string, message: string) => ({ type: 'error', error: { type, message } });

/** Ready-made steps for the cases the runtime must handle. */
export const modelStep = {
  reply: (text = 'ok'): ModelStep => ({ kind: 'reply', text }),
  /** A reply sent only after `delayMs` (a slow but healthy model). */
  slowReply: (delayMs: number, text = 'ok'): ModelStep => ({ kind: 'reply', text, delayMs }),
  status: (status: number, body: unknown = anthropicError('api_error', `status ${status}`)): ModelStep => ({
    kind: 'status',
    status,
    body,
  }),
  unauthorized: (): ModelStep =>
    modelStep.status(401, anthropicError('authentication_error', 'invalid x-api-key')),
  forbidden: (): ModelStep => modelStep.status(403, anthropicError('permission_error', 'forbidden')),
  rateLimit: (): ModelStep => modelStep.status(429, anthropicError('rate_limit_error', 'rate limited')),
  paymentRequired: (): ModelStep =>
    modelStep.status(402, anthropicError('billing_error', 'payment required')),
  /** What Anthropic answers when the account is out of credits: a 400 with billing text. */
  creditTooLow: (): ModelStep =>
    modelStep.status(
      400,
      anthropicError(
        'invalid_request_error',
        'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing.',
      ),
    ),
  claudeCodeOnly: (): ModelStep =>
    modelStep.status(
      400,
      anthropicError(
        'invalid_request_error',
        'This credential is only authorized for use with Claude Code and cannot be used for other API requests.',
      ),
    ),
  badRequest: (): ModelStep =>
    modelStep.status(400, anthropicError('invalid_request_error', 'messages.0.content: Field required')),
  serverError: (): ModelStep => modelStep.status(500, anthropicError('api_error', 'internal error')),
  hang: (): ModelStep => ({ kind: 'hang' }),
  /** A redirect (307/308) to `location`: the client must not follow it with the credential. */
  redirect: (status: number, location: string): ModelStep => ({
    kind: 'raw',
    status,
    headers: { location },
    body: '',
  }),
  /** A captive portal or proxy login page, answered 200. */
  htmlPage: (): ModelStep => ({
    kind: 'raw',
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: '<!doctype html><html><body>Please sign in to the network</body></html>',
  }),
  /** A reply of `bytes` bytes (valid JSON), for size caps. */
  huge: (bytes: number): ModelStep => ({
    kind: 'raw',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', content: [{ type: 'text', text: 'x'.repeat(bytes) }] }),
  }),
};

function lowerHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function record(req: http.IncomingMessage, raw: string, index: number): RecordedModelRequest {
  const headers = lowerHeaders(req);
  const rec: RecordedModelRequest = {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    body: parseBody(raw),
    index,
  };
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  if (headers['x-api-key']) {
    rec.credential = headers['x-api-key'];
    rec.credentialHeader = 'x-api-key';
  } else if (bearer) {
    rec.credential = bearer;
    rec.credentialHeader = 'authorization';
  }
  return rec;
}

function replyBody(path: string, body: unknown, text: string): unknown {
  const model = (body as { model?: string } | null)?.model ?? 'fake-model';
  if (path.endsWith('/chat/completions')) {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
  }
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  };
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeModelServer(opts: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const requests: RecordedModelRequest[] = [];
  const pick = (rec: RecordedModelRequest): ModelStep => {
    const { script } = opts;
    if (typeof script === 'function') return script(rec);
    return script?.[rec.index] ?? opts.fallback ?? modelStep.reply();
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = record(req, Buffer.concat(chunks).toString('utf8'), requests.length);
      requests.push(rec);
      const step = pick(rec);
      if (step.kind === 'hang') return; // answered never; the client's deadline must fire
      if (step.kind === 'raw') return void res.writeHead(step.status, step.headers).end(step.body);
      const status = step.kind === 'reply' ? 200 : step.status;
      const payload = step.kind === 'reply' ? replyBody(rec.path, rec.body, step.text) : step.body;
      const send = () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const delay = step.kind === 'reply' ? (step.delayMs ?? 0) : 0;
      if (delay > 0) setTimeout(send, delay);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
