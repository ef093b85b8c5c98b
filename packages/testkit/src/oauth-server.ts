import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { plantSecret } from './secrets.js';

/** How the fake token endpoint answers. */
export interface FakeOAuthOptions {
  /** wait this long before answering a token request */
  delayMs?: number;
  /** 'ok' (default), always 'invalid_grant', HTTP 503, HTTP 429, or a hostile HTTP 400 whose `error` is the refresh token it was sent */
  mode?: 'ok' | 'invalid_grant' | 'server_error' | 'rate_limited' | 'echo_refresh_token';
  /** hand out a new refresh token on refresh (default true) */
  rotateRefresh?: boolean;
  /** expires_in in seconds (default 3600); any JSON value, to play a broken server (-1, 0, "soon") */
  expiresIn?: unknown;
  /** answer token requests with HTTP `status` (307/308) and this Location instead */
  redirect?: { status: number; location: string };
  /** add a junk field of this many bytes to a grant (an oversized answer) */
  padBytes?: number;
  /** reported as account.email_address and in the id_token */
  email?: string;
  accountId?: string;
}

export interface RecordedTokenRequest {
  path: string;
  contentType: string;
  params: Record<string, string>;
  at: number;
}

export interface FakeOAuthServer {
  url: string;
  /** env overrides pointing both providers' token and authorize URLs here */
  env: Record<string, string>;
  requests: RecordedTokenRequest[];
  /** token requests answered or pending so far */
  tokenRequestCount(): number;
  set(opts: FakeOAuthOptions): void;
  close(): Promise<void>;
}

function parseBody(contentType: string, raw: string): Record<string, string> {
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, string>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function fakeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.sig`;
}

/**
 * A loopback OAuth server: `POST /<provider>/token` (refresh_token and authorization_code
 * grants; a refresh token works once, a reused one gets invalid_grant), and
 * `GET /<provider>/authorize` which redirects to redirect_uri with a code bound to the PKCE
 * challenge. Counts requests, can delay, and can answer invalid_grant / 503 / 429.
 */
export async function startFakeOAuthServer(initial: FakeOAuthOptions = {}): Promise<FakeOAuthServer> {
  let opts: FakeOAuthOptions = { ...initial };
  const requests: RecordedTokenRequest[] = [];
  const usedRefresh = new Set<string>();
  const codes = new Map<string, string>(); // code -> challenge
  let n = 0;

  const grant = (res: http.ServerResponse, params: Record<string, string>) => {
    n += 1;
    const expiresIn = opts.expiresIn === undefined ? 3600 : opts.expiresIn;
    const exp = Math.floor(Date.now() / 1000) + (typeof expiresIn === 'number' ? expiresIn : 3600);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      // Planted: every leak check in this process looks for the tokens it hands out.
      access_token: plantSecret(`fake-access-${n}-${randomBytes(6).toString('hex')}`, `fake-access-${n}-`),
      expires_in: expiresIn,
    };
    if (opts.padBytes) body.padding = 'x'.repeat(opts.padBytes);
    if (params.grant_type !== 'refresh_token' || opts.rotateRefresh !== false) {
      body.refresh_token = plantSecret(
        `fake-refresh-${n}-${randomBytes(6).toString('hex')}`,
        `fake-refresh-${n}-`,
      );
    }
    if (opts.email) {
      body.account = { email_address: opts.email, uuid: opts.accountId ?? 'acct-fake' };
      body.id_token = fakeJwt({
        email: opts.email,
        exp,
        'https://api.openai.com/auth': { chatgpt_account_id: opts.accountId ?? 'acct-fake' },
      });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const fail = (res: http.ServerResponse, status: number, error: string) =>
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error, error_description: error }));

  const answerToken = (res: http.ServerResponse, params: Record<string, string>) => {
    if (opts.redirect) return res.writeHead(opts.redirect.status, { location: opts.redirect.location }).end();
    if (opts.mode === 'server_error') return fail(res, 503, 'temporarily_unavailable');
    if (opts.mode === 'rate_limited') return fail(res, 429, 'rate_limited');
    if (opts.mode === 'invalid_grant') return fail(res, 400, 'invalid_grant');
    if (opts.mode === 'echo_refresh_token') return fail(res, 400, params.refresh_token ?? '');
    if (params.grant_type === 'refresh_token') {
      const rt = params.refresh_token ?? '';
      if (!rt || usedRefresh.has(rt)) return fail(res, 400, 'invalid_grant');
      usedRefresh.add(rt);
      return grant(res, params);
    }
    if (params.grant_type === 'authorization_code') {
      const challenge = codes.get(params.code ?? '');
      const verifier = createHash('sha256')
        .update(params.code_verifier ?? '')
        .digest('base64url');
      if (!challenge || challenge !== verifier) return fail(res, 400, 'invalid_grant');
      codes.delete(params.code ?? '');
      return grant(res, params);
    }
    return fail(res, 400, 'unsupported_grant_type');
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.endsWith('/authorize')) {
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.set(code, url.searchParams.get('code_challenge') ?? '');
      const to = new URL(url.searchParams.get('redirect_uri') ?? 'http://127.0.0.1/');
      to.searchParams.set('code', code);
      to.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: to.toString() }).end();
      return;
    }
    let raw = '';
    req.on('data', (d: Buffer) => {
      raw += d.toString('utf8');
    });
    req.on('end', () => {
      const contentType = String(req.headers['content-type'] ?? '');
      const params = parseBody(contentType, raw);
      requests.push({ path: url.pathname, contentType, params, at: Date.now() });
      setTimeout(() => answerToken(res, params), opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    env: {
      CLAWDBOT_OAUTH_TOKEN_URL_ANTHROPIC: `${base}/anthropic/token`,
      CLAWDBOT_OAUTH_TOKEN_URL_OPENAI_CODEX: `${base}/openai-codex/token`,
      CLAWDBOT_OAUTH_AUTHORIZE_URL_ANTHROPIC: `${base}/anthropic/authorize`,
      CLAWDBOT_OAUTH_AUTHORIZE_URL_OPENAI_CODEX: `${base}/openai-codex/authorize`,
    },
    requests,
    tokenRequestCount: () => requests.length,
    set(next) {
      opts = { ...opts, ...next };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
