import { type CallbackServer, startCallbackServer } from './callback-server.js';
import type { SyncContext } from './context.js';
import {
  CODEX_CALLBACK_PORT,
  CODEX_SCOPES,
  codexRedirectUri,
  OAUTH_CLIENT_IDS,
  oauthEndpoints,
} from './endpoints.js';
import { ClaudeSyncError } from './errors.js';
import { exchangeFailed, type StoreLoginOptions, storeLogin } from './login-store.js';
import { loginCancelled, loginTimeoutMs, withLoginDeadline } from './login-wait.js';
import { postToken } from './oauth-http.js';
import { type LoginIO, makePkce } from './pkce.js';

const PROVIDER = 'openai-codex';

function callbackPort(ctx: SyncContext): number {
  const n = Number(ctx.env.CLAWDBOT_OAUTH_CALLBACK_PORT);
  return Number.isInteger(n) && n >= 0 && n < 65536 && ctx.env.CLAWDBOT_OAUTH_CALLBACK_PORT
    ? n
    : CODEX_CALLBACK_PORT;
}

/** The OpenAI authorize URL for one PKCE attempt. */
export function codexAuthorizeUrl(
  ctx: SyncContext,
  redirectUri: string,
  challenge: string,
  state: string,
): string {
  const url = new URL(oauthEndpoints(ctx)['openai-codex'].authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: OAUTH_CLIENT_IDS['openai-codex'],
    redirect_uri: redirectUri,
    scope: CODEX_SCOPES,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** A pasted redirect URL, `code#state`, or a bare code. */
export function parsePastedCode(input: string, expectedState: string): string {
  const text = input.trim();
  let code = text;
  let state = '';
  if (/^https?:\/\//.test(text)) {
    const u = new URL(text);
    code = u.searchParams.get('code') ?? '';
    state = u.searchParams.get('state') ?? '';
  } else if (text.includes('#')) {
    [code = '', state = ''] = text.split('#');
  }
  if (code === '') throw loginCancelled(PROVIDER);
  if (state !== '' && state !== expectedState) {
    throw new ClaudeSyncError(
      'OAUTH_STATE_MISMATCH',
      'openai-codex: the pasted code belongs to another login attempt',
      {
        hint: 'clawdbot models auth login --provider openai-codex',
      },
    );
  }
  return code;
}

/**
 * The code from the callback server or the paste prompt, whichever comes first, within
 * `timeoutMs`. The prompt gets an abort signal only while the callback can still finish the
 * login (the CLI then waits on a closed stdin instead of giving up); a prompt that fails or
 * ends with no input stops the login.
 */
async function waitForCode(
  io: LoginIO,
  server: CallbackServer | undefined,
  state: string,
  timeoutMs: number,
): Promise<string> {
  const stop = new AbortController();
  const question = server
    ? 'Or paste the redirect URL here if the browser cannot reach this machine: '
    : 'Paste the redirect URL (or code): ';
  const pasted = io.prompt(question, server ? { signal: stop.signal } : {}).then(
    (t) => parsePastedCode(t, state),
    (err: unknown) => {
      throw err instanceof ClaudeSyncError ? err : loginCancelled(PROVIDER);
    },
  );
  try {
    return await withLoginDeadline(
      PROVIDER,
      timeoutMs,
      stop,
      server ? Promise.race([server.code, pasted]) : pasted,
    );
  } finally {
    stop.abort();
    pasted.catch(() => {});
  }
}

/**
 * ChatGPT/Codex login: PKCE with a callback server on 127.0.0.1:1455 (`/auth/callback`;
 * CLAWDBOT_OAUTH_CALLBACK_PORT overrides) and a paste fallback; stores
 * `openai-codex:<email>` (or `openai-codex:default`). Gives up after `timeoutMs`
 * (else CLAWDBOT_OAUTH_LOGIN_TIMEOUT_MS, else 5 min) and always closes the callback server.
 * @throws OAUTH_LOGIN_CANCELLED, OAUTH_LOGIN_TIMEOUT, OAUTH_STATE_MISMATCH, OAUTH_EXCHANGE_FAILED
 */
export async function loginCodex(
  ctx: SyncContext,
  io: LoginIO,
  opts: { agentId?: string; timeoutMs?: number } & StoreLoginOptions = {},
): Promise<{ profileId: string }> {
  const pkce = makePkce();
  const port = callbackPort(ctx);
  const server = await startCallbackServer(port, pkce.state);
  const redirectUri = codexRedirectUri(server?.port ?? port);
  try {
    const url = codexAuthorizeUrl(ctx, redirectUri, pkce.challenge, pkce.state);
    io.print('Open this URL in your browser and sign in to ChatGPT:');
    io.print(url);
    if (!server) io.print(`Port ${port} is busy: after signing in, copy the address the browser ends on.`);
    await io.openUrl?.(url);
    const code = await waitForCode(io, server, pkce.state, loginTimeoutMs(ctx, opts.timeoutMs));
    const r = await postToken(ctx, 'openai-codex', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    });
    if (!r.ok) throw exchangeFailed('openai-codex', r);
    return await storeLogin(ctx, opts.agentId ?? 'main', 'openai-codex', r.grant, opts);
  } finally {
    await server?.close();
  }
}
