import type { ChildProcess } from 'node:child_process';

/** The cap on what we read from the login shell. */
export const SHELL_OUTPUT_LIMIT = 2 * 1024 * 1024;
/** Default time the login shell gets before it is killed. */
export const DEFAULT_SHELL_TIMEOUT_MS = 15_000;

/** Outcome of one login-shell run: the allow-listed variables it printed, or why it failed. */
export interface ShellSnapshot {
  vars: Record<string, string>;
  error?: string;
}

export interface ShellRequest {
  shell: string;
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  allowlist: readonly string[];
}

// Once per process: a shell that failed or hung is not run again (upstream re-runs a hanging
// shell forever). Keyed by shell + HOME, which are fixed in a real process.
const runs = new Map<string, Promise<ShellSnapshot>>();

/** Runs `$SHELL -l -c 'env -0'` at most once per shell and HOME in this process. */
export function readLoginShellEnv(request: ShellRequest): Promise<ShellSnapshot> {
  const key = `${request.shell}\0${request.env.HOME ?? ''}`;
  let run = runs.get(key);
  if (!run) {
    run = runShell(request);
    runs.set(key, run);
  }
  return run;
}

/** Keeps only allow-listed `NAME=value` entries of `env -0` output. */
export function parseEnvNul(output: string, allowlist: readonly string[]): Record<string, string> {
  const allowed = new Set(allowlist);
  const vars: Record<string, string> = {};
  output.split('\0').forEach((chunk, index) => {
    // A login profile may print text before `env -0` runs; it lands in front of the first entry.
    const entry = index === 0 && chunk.includes('\n') ? chunk.slice(chunk.lastIndexOf('\n') + 1) : chunk;
    const eq = entry.indexOf('=');
    if (eq <= 0) return;
    const name = entry.slice(0, eq);
    if (allowed.has(name)) vars[name] = entry.slice(eq + 1);
  });
  return vars;
}

function killGroup(child: ChildProcess): void {
  try {
    // The shell leads its own process group: kill what it started too (a `sleep` keeps our pipe open).
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

async function runShell(request: ShellRequest): Promise<ShellSnapshot> {
  const { spawn } = await import('node:child_process');
  const label = `login shell ${request.shell}`;
  return new Promise<ShellSnapshot>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const child = spawn(request.shell, ['-l', '-c', 'env -0'], {
      env: request.env,
      cwd: request.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const finish = (snapshot: ShellSnapshot): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      resolve(snapshot);
    };
    const fail = (error: string): void => {
      killGroup(child);
      finish({ vars: {}, error });
    };
    const timer = setTimeout(
      () => fail(`${label} timed out after ${request.timeoutMs} ms`),
      request.timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > SHELL_OUTPUT_LIMIT) fail(`${label} printed more than ${SHELL_OUTPUT_LIMIT} bytes`);
      else chunks.push(chunk);
    });
    child.stderr?.resume();
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(`${label} could not start (${error.code ?? 'error'})`),
    );
    child.on('close', (code, signal) => {
      if (code !== 0) return fail(`${label} exited with ${signal ?? `code ${code}`}`);
      const output = Buffer.concat(chunks).toString('utf8');
      if (!output.includes('\0')) return fail(`${label} printed no \`env -0\` output`);
      finish({ vars: parseEnvNul(output, request.allowlist) });
    });
  });
}
