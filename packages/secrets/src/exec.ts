import type { ExecProvider } from './schema.js';
import { untrustedPath } from './trust.js';

/** Resolver protocol version we speak (JSON request on stdin, JSON response on stdout). */
export const PROTOCOL_VERSION = 1;
export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** Per id: the value, or why there is none (never resolver output). */
export type ExecAnswer = Map<string, { value: string } | { reason: string }>;

/** Error codes a resolver may report that are safe to show (upstream shows the same two). */
const SHOWN_CODES = new Set(['NOT_FOUND', 'AMBIGUOUS_DUPLICATE_KEY']);

interface RunResult {
  stdout: string;
  failure?: string;
}

/** Only the variables the provider lets through: resolvers get no ambient secrets. */
function minimalEnv(provider: ExecProvider, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of provider.passEnv ?? []) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return { ...out, ...(provider.env ?? {}) };
}

async function run(provider: ExecProvider, input: string, env: Record<string, string>, cwd: string) {
  const { execFile } = await import('node:child_process');
  const timeoutMs = provider.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const maxBytes = provider.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise<RunResult>((resolve) => {
    const child = execFile(
      provider.command,
      provider.args ?? [],
      {
        env,
        cwd,
        timeout: timeoutMs,
        maxBuffer: maxBytes,
        killSignal: 'SIGKILL',
        shell: false,
        windowsHide: true,
      },
      (err, stdout) => {
        if (!err) return resolve({ stdout: String(stdout) });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown; signal?: string };
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return resolve({ stdout: '', failure: `printed more than ${maxBytes} bytes` });
        if (e.killed) return resolve({ stdout: '', failure: `timed out after ${timeoutMs / 1000} s` });
        if (typeof e.code === 'number') return resolve({ stdout: '', failure: `exited with code ${e.code}` });
        if (e.signal) return resolve({ stdout: '', failure: `was killed by ${e.signal}` });
        resolve({ stdout: '', failure: `could not start (${String(e.code ?? 'error')})` });
      },
    );
    // A resolver that exits without reading its request closes the pipe: not our failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

function parseResponse(stdout: string, ids: readonly string[], jsonOnly: boolean): ExecAnswer | string {
  const answer: ExecAnswer = new Map();
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    doc = undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObject(doc)) {
    if (jsonOnly || ids.length !== 1) return 'did not print protocol v1 JSON';
    answer.set(ids[0] as string, { value: stdout.replace(/\r?\n$/, '') });
    return answer;
  }
  if (doc.protocolVersion !== PROTOCOL_VERSION) return 'answered with another protocolVersion than 1';
  const values = isObject(doc.values) ? doc.values : {};
  const errors = isObject(doc.errors) ? doc.errors : {};
  for (const id of ids) {
    const value = values[id];
    const error = errors[id];
    if (typeof value === 'string' && value !== '') answer.set(id, { value });
    else if (isObject(error) && typeof error.code === 'string' && SHOWN_CODES.has(error.code))
      answer.set(id, { reason: `reported ${error.code}` });
    else if (error !== undefined) answer.set(id, { reason: 'reported an error' });
    else
      answer.set(id, {
        reason: value === undefined ? 'returned no value' : 'returned an empty or non-string value',
      });
  }
  return answer;
}

/**
 * Asks one exec provider for `ids` in one run: no shell, only `passEnv`/`env` variables,
 * a timeout (10 s by default), an output cap (1 MiB by default). Returns a failure line
 * for the whole run (untrusted command, timeout, garbage) or an answer per id.
 * @throws never
 */
export async function runExecProvider(
  name: string,
  provider: ExecProvider,
  ids: readonly string[],
  opts: { env: Record<string, string | undefined>; cwd: string },
): Promise<ExecAnswer | string> {
  const untrusted = await untrustedPath(provider.command, {
    kind: 'command',
    trustedDirs: provider.trustedDirs,
  });
  if (untrusted) return untrusted;
  const request = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, provider: name, ids });
  const result = await run(provider, request, minimalEnv(provider, opts.env), opts.cwd);
  if (result.failure) return result.failure;
  return parseResponse(result.stdout, ids, provider.jsonOnly !== false);
}
