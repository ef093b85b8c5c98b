import type { SyncContext } from './context.js';
import { ANTHROPIC_REDIRECT_URI, ANTHROPIC_SCOPES, OAUTH_CLIENT_IDS, oauthEndpoints } from './endpoints.js';
import { ClaudeSyncError } from './errors.js';
import { exchangeFailed, type StoreLoginOptions, storeLogin } from './login-store.js';
import { loginCancelled } from './login-wait.js';
import { postToken } from './oauth-http.js';
import { type LoginIO, makePkce } from './pkce.js';

const PROVIDER = 'anthropic';

/** The Claude authorize URL for one PKCE attempt. */
export function anthropicAuthorizeUrl(ctx: SyncContext, challenge: string, state: string): string {
  const url = new URL(oauthEndpoints(ctx).anthropic.authorizeUrl);
  url.searchParams.set('code', 'true');
  url.searchParams.set('client_id', OAUTH_CLIENT_IDS.anthropic);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', ANTHROPIC_REDIRECT_URI);
  url.searchParams.set('scope', ANTHROPIC_SCOPES);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  return url.toString();
}

/**
 * `code#state` as shown on Anthropic's page. A code without the state, or with another
 * attempt's state, is refused here so it never reaches the token endpoint.
 */
function splitPasted(answer: string, expectedState: string): { code: string; state: string } {
  const [code = '', state = ''] = answer.trim().split('#');
  if (code === '') throw loginCancelled(PROVIDER);
  if (state !== expectedState) {
    throw new ClaudeSyncError(
      'OAUTH_STATE_MISMATCH',
      state === ''
        ? 'anthropic: the pasted code has no #state part, so it cannot be matched to this login'
        : 'anthropic: the pasted code belongs to another login attempt',
      {
        hint: 'clawdbot models auth login --provider anthropic (then paste the whole code#state shown after sign-in)',
      },
    );
  }
  return { code, state };
}

async function askCode(io: LoginIO): Promise<string> {
  try {
    return await io.prompt('Paste the authorization code (code#state): ', { hidden: true });
  } catch (err) {
    throw err instanceof ClaudeSyncError ? err : loginCancelled(PROVIDER);
  }
}

/**
 * Claude Pro/Max login: prints the authorize URL, reads the pasted `code#state`, exchanges
 * it at the token URL and stores `anthropic:<email>` (or `anthropic:default`).
 * @throws OAUTH_LOGIN_CANCELLED, OAUTH_STATE_MISMATCH, OAUTH_EXCHANGE_FAILED
 */
export async function loginAnthropic(
  ctx: SyncContext,
  io: LoginIO,
  opts: { agentId?: string } & StoreLoginOptions = {},
): Promise<{ profileId: string }> {
  const pkce = makePkce();
  const url = anthropicAuthorizeUrl(ctx, pkce.challenge, pkce.state);
  io.print('Open this URL in your browser and sign in to Claude:');
  io.print(url);
  await io.openUrl?.(url);
  const pasted = await askCode(io);
  const { code, state } = splitPasted(pasted, pkce.state);
  const r = await postToken(ctx, 'anthropic', {
    grant_type: 'authorization_code',
    code,
    state,
    redirect_uri: ANTHROPIC_REDIRECT_URI,
    code_verifier: pkce.verifier,
  });
  if (!r.ok) throw exchangeFailed('anthropic', r);
  return storeLogin(ctx, opts.agentId ?? 'main', 'anthropic', r.grant, opts);
}
