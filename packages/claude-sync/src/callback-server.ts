import { CODEX_CALLBACK_PATH } from './endpoints.js';

export interface CallbackServer {
  port: number;
  /** resolves with the code once a callback with the right state arrived */
  code: Promise<string>;
  close(): Promise<void>;
}

const PAGE_OK = '<!doctype html><p>Signed in. You can close this tab and return to the terminal.</p>';
const PAGE_BAD = '<!doctype html><p>This sign-in link does not match the login in progress.</p>';

/**
 * Listens on 127.0.0.1:<port> for the OAuth redirect (`/auth/callback?code=&state=`).
 * Resolves undefined when the port is taken (the caller falls back to pasting).
 */
export async function startCallbackServer(port: number, state: string): Promise<CallbackServer | undefined> {
  // Imported here, not at the top: node:http costs start-up time to every command that
  // only reads credentials (e.g. `models status`), and only the Codex login listens.
  const { default: http } = await import('node:http');
  let deliver: (code: string) => void = () => {};
  const code = new Promise<string>((resolve) => {
    deliver = resolve;
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const got = url.searchParams.get('code');
    if (url.pathname !== CODEX_CALLBACK_PATH || !got || url.searchParams.get('state') !== state) {
      res
        .writeHead(url.pathname === CODEX_CALLBACK_PATH ? 400 : 404, { 'content-type': 'text/html' })
        .end(PAGE_BAD);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end(PAGE_OK);
    deliver(got);
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : port,
        code,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
