import { DEFAULT_KEYCHAIN_TIMEOUT_MS, type SyncContext } from './context.js';

/** What one `security` call gave. `timedOut` and `missing` (item not found) are not errors. */
export interface SecurityResult {
  ok: boolean;
  stdout: string;
  code: number | null;
  timedOut: boolean;
  /** `security` is not on PATH */
  notInstalled: boolean;
}

/** Exit status of `security` when the item does not exist. */
const ITEM_NOT_FOUND = 44;

/** Runs `security` (looked up on the context's PATH) with a hard deadline; never rejects. */
export async function runSecurity(ctx: SyncContext, args: string[], input?: string): Promise<SecurityResult> {
  // Loaded on first use: only macOS reads the keychain, and child_process is costly to load.
  const { spawn } = await import('node:child_process');
  const timeoutMs = ctx.keychainTimeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  return new Promise((resolve) => {
    const child = spawn('security', args, {
      env: ctx.env as NodeJS.ProcessEnv,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) {
      child.stdin?.on('error', () => {}); // a `security` that exits early closes the pipe
      child.stdin?.end(input);
    }
    let stdout = '';
    let settled = false;
    const done = (r: Omit<SecurityResult, 'stdout'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout });
    };
    // A hung `security` (locked keychain waiting for a GUI prompt) must not hang us.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      done({ ok: false, code: null, timedOut: true, notInstalled: false });
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr?.resume();
    child.on('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, code: null, timedOut: false, notInstalled: err.code === 'ENOENT' }),
    );
    child.on('close', (code) => done({ ok: code === 0, code, timedOut: false, notInstalled: false }));
  });
}

/** One read in flight per item: concurrent readers share it. */
const inFlight = new Map<string, Promise<KeychainRead>>();

export type KeychainRead =
  | { status: 'found'; password: string }
  | { status: 'missing' }
  | { status: 'failed'; reason: string };

/** Reads a generic password (`security find-generic-password -s <service> [-a <account>] -w`). */
export function readKeychainPassword(
  ctx: SyncContext,
  service: string,
  account?: string,
): Promise<KeychainRead> {
  const key = `${service}\u0000${account ?? ''}`;
  const running = inFlight.get(key);
  if (running) return running;
  const args = ['find-generic-password', '-s', service, ...(account ? ['-a', account] : []), '-w'];
  const p = runSecurity(ctx, args)
    .then((r): KeychainRead => {
      if (r.ok) return { status: 'found', password: r.stdout.replace(/\n$/, '') };
      if (r.notInstalled || r.code === ITEM_NOT_FOUND) return { status: 'missing' };
      if (r.timedOut) return { status: 'failed', reason: 'keychain read timed out' };
      return { status: 'failed', reason: `security exited with status ${r.code}` };
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** The account attribute of an item (`"acct"<blob>="…"` in `security find-generic-password -s`). */
export async function readKeychainAccount(ctx: SyncContext, service: string): Promise<string | undefined> {
  const r = await runSecurity(ctx, ['find-generic-password', '-s', service]);
  if (!r.ok) return undefined;
  return /"acct"<blob>="([^"]*)"/.exec(r.stdout)?.[1];
}

/** A double-quoted argument for a `security -i` command line. */
function quoteArg(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Creates or updates (`-U`) a generic password; true when reading it back gives the same
 * bytes. The password never appears in an argv (the process list shows every argv): it goes
 * hex-encoded (`-X`) in a command line on the stdin of `security -i`, and the read-back
 * checks the write, since the interactive mode's exit status does not report a failed command.
 */
export async function writeKeychainPassword(
  ctx: SyncContext,
  service: string,
  account: string,
  password: string,
): Promise<boolean> {
  const hex = Buffer.from(password, 'utf8').toString('hex');
  const line = `add-generic-password -U -s ${quoteArg(service)} -a ${quoteArg(account)} -X ${hex}\n`;
  const r = await runSecurity(ctx, ['-i'], line);
  if (!r.ok) return false;
  const back = await readKeychainPassword(ctx, service, account);
  return back.status === 'found' && back.password === password;
}
