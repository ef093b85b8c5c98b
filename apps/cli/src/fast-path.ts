/**
 * Start-up fast path for the hottest read-only command, `models status` (and upstream's
 * alias `models --status-json`): monitors run it every few minutes, and loading oclif costs
 * more than the command itself. The argv is parsed with node:util against STATUS_FLAGS (a
 * test keeps it equal to the oclif command's flags); anything else (help, an unknown flag,
 * a bad value, CLAWDBOT_NO_FAST_PATH=1) returns undefined and oclif runs as usual, so
 * errors and help come from one place.
 */

/** The flags of `models status`, as node:util parseArgs reads them. */
export const STATUS_FLAGS = {
  agent: { type: 'string' },
  check: { type: 'boolean' },
  debug: { type: 'boolean' },
  json: { type: 'boolean' },
  plain: { type: 'boolean' },
  probe: { type: 'boolean' },
  'probe-concurrency': { type: 'string' },
  'probe-max-tokens': { type: 'string' },
  'probe-profile': { type: 'string', multiple: true },
  'probe-provider': { type: 'string' },
  'probe-timeout': { type: 'string' },
} as const;

type Parsed = {
  [K in keyof typeof STATUS_FLAGS]?: (typeof STATUS_FLAGS)[K] extends { multiple: true }
    ? string[]
    : (typeof STATUS_FLAGS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** Parse `models status` argv, or undefined when oclif should handle it. */
export function parseStatusArgv(argv: readonly string[]): Parsed | undefined {
  let rest: string[];
  if (argv[0] === 'models' && argv[1] === 'status') rest = argv.slice(2);
  else if (argv[0] === 'models' && argv[1] === '--status-json' && argv.length === 2) rest = ['--json'];
  else return undefined;
  try {
    // Not `import { parseArgs } from 'node:util'`: the ESM namespace of node:util loads
    // worker_threads, streams and more (~2 MB, a few ms); getBuiltinModule loads only util
    // (Node >= 22.3; before that it throws here and oclif runs the command).
    const { parseArgs } = process.getBuiltinModule('node:util');
    const { values, positionals } = parseArgs({
      args: rest,
      options: STATUS_FLAGS,
      strict: true,
      allowPositionals: false,
    });
    if (positionals.length) return undefined;
    const ints = ['probe-concurrency', 'probe-max-tokens', 'probe-timeout'] as const;
    if (ints.some((k) => values[k] !== undefined && !/^[1-9]\d*$/.test(values[k] as string)))
      return undefined;
    return values as Parsed;
  } catch {
    return undefined;
  }
}

/** Run `models status` without oclif; the exit code, or undefined to fall back to oclif. */
export async function tryFastPath(argv: readonly string[]): Promise<number | undefined> {
  if (process.env.CLAWDBOT_NO_FAST_PATH) return undefined;
  const flags = parseStatusArgv(argv);
  if (!flags) return undefined;
  const { createOutput } = await import('./output.js');
  const out = createOutput({ json: flags.json });
  try {
    const { loadCliEnvironment } = await import('./context.js');
    const env = await loadCliEnvironment({ agent: flags.agent, warn: (l) => out.warn(l) });
    const { runModelsStatus } = await import('./services/status/run.js');
    const probing = flags.probe || flags['probe-provider'] || flags['probe-profile']?.length;
    const int = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
    const result = await runModelsStatus(
      env,
      {
        plain: flags.plain,
        resolveRefs: flags.check === true,
        probe: probing
          ? {
              provider: flags['probe-provider']?.toLowerCase(),
              profileIds: flags['probe-profile'],
              timeoutMs: int(flags['probe-timeout'], 8000),
              concurrency: int(flags['probe-concurrency'], 2),
              maxTokens: int(flags['probe-max-tokens'], 8),
            }
          : undefined,
      },
      (l) => out.info(l),
    );
    if (flags.json) out.result(JSON.stringify(result, null, 2));
    else if (typeof result === 'string') out.result(result);
    else {
      const { renderStatusText } = await import('./services/status/text.js');
      out.result(renderStatusText(result, env.ctx.homedir));
    }
    return typeof result !== 'string' && flags.check ? result.check : 0;
  } catch (err) {
    const { reportError, debugEnabled, errorJson } = await import('./errors.js');
    if (flags.json) out.result(JSON.stringify(errorJson(err), null, 2));
    return reportError(err, { debug: debugEnabled(argv, process.env) });
  }
}
