import { nodeCrypto } from '@clawdbot-auth/auth-store';

/** A PKCE verifier, its S256 challenge, and a state value. */
export function makePkce(): { verifier: string; challenge: string; state: string } {
  const { createHash, randomBytes } = nodeCrypto();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge, state: randomBytes(16).toString('hex') };
}

/** Injected terminal IO of the login flows. */
export interface LoginIO {
  print(line: string): void;
  /**
   * `signal` is passed only when the login can also finish without this prompt (the browser
   * callback); it aborts the pending prompt once the callback arrived or the login timed out.
   */
  prompt(question: string, opts?: { hidden?: boolean; signal?: AbortSignal }): Promise<string>;
  openUrl?(url: string): void | Promise<void>;
}
