import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inKeyringSession } from './keyring-session.js';
import { allFixtureSecrets, assertNoLeak } from './secrets.js';

/** Result of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** HOME of the child (also the default cwd). */
  home: string;
  /** Environment of the child: replaces process.env entirely (PATH is kept when not given). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed (closed at once when absent). */
  stdin?: string;
  /** Working directory (default: home). */
  cwd?: string;
  /** The bin to run (default: apps/cli/bin/run.cjs of this repo). */
  bin?: string;
  /** Kill the child after this many ms (default 30 s). */
  timeoutMs?: number;
  /**
   * Close the reading end of the child's stdout at once, like `| head -1` that has already
   * exited: the child's first write meets a closed pipe (EPIPE). `stdout` is then empty.
   */
  stdoutClosed?: boolean;
  /**
   * Reject when stdout or stderr shows any 8 characters of a fixture secret past its public
   * prefix (default: on; `false` only for a test that prints a secret on purpose).
   */
  leakCheck?: boolean;
  /** The secrets the leak check looks for (default: every fixture secret minted so far). */
  secrets?: Iterable<string>;
  /** Run inside a private D-Bus session with an unlocked gnome-keyring (inKeyringSession). */
  keyring?: boolean;
}

/** apps/cli/bin/run.cjs of this checkout. */
export const CLI_BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../apps/cli/bin/run.cjs',
);

/** Spawn `node <bin> ...args` with a clean environment (HOME, PATH, LANG, NO_COLOR + env) and collect its output. */
export function runCli(args: readonly string[], opts: RunCliOptions): Promise<CliRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  env.HOME = opts.home;
  let command = process.execPath;
  let argv = [opts.bin ?? CLI_BIN, ...args];
  if (opts.keyring) {
    const wrapped = inKeyringSession(command, argv);
    ({ command, args: argv } = wrapped);
    Object.assign(env, wrapped.env);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: opts.cwd ?? opts.home,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (opts.stdoutClosed) child.stdout.destroy();
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        if (opts.leakCheck !== false) {
          const secrets = opts.secrets === undefined ? allFixtureSecrets() : [...opts.secrets];
          assertNoLeak(stdout, 'stdout', secrets);
          assertNoLeak(stderr, 'stderr', secrets);
        }
      } catch (err) {
        reject(err);
        return;
      }
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}
