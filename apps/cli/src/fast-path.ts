/**
 * Start-up fast path for the commands people, monitors and scripts run most (`models status`,
 * `models auth list`, `models auth order get`, `models auth token`, `doctor`): loading oclif costs several times the command
 * itself. The command id and its flags are read from oclif.manifest.json (the flags oclif
 * itself would parse, one source) and parsed with node:util; the body is the same runner
 * the oclif command calls (src/runners.ts).
 *
 * Anything the fast path is not sure about returns undefined and oclif runs as usual, so
 * help, errors and hooks keep one home: --help, an unknown or `--no-` flag, a missing
 * required flag, an empty value, a bad integer, CLAWDBOT_NO_FAST_PATH=1, and any installed
 * or linked user plugin (its hooks must run, and only oclif runs them).
 */
import { FAST_COMMAND_IDS, type FastCommandId } from './fast-commands.js';
import type { Runner } from './runners.js';

export { FAST_COMMAND_IDS };

/** The body of each fast command; integer flags are checked here (the manifest has no integer kind). */
type FastCommand = { runner: () => Promise<Runner>; ints?: readonly string[] };
const FAST_BY_ID: Record<FastCommandId, FastCommand> = {
  'models:status': {
    runner: async () => (await import('./runners.js')).modelsStatus,
    ints: ['probe-concurrency', 'probe-max-tokens', 'probe-timeout'],
  },
  'models:auth:list': { runner: async () => (await import('./runners.js')).authList },
  'models:auth:order:get': { runner: async () => (await import('./runners.js')).authOrderGet },
  'models:auth:token': { runner: async () => (await import('./runners.js')).authToken },
  doctor: { runner: async () => (await import('./runners.js')).doctor },
};
const FAST: Readonly<Record<string, FastCommand>> = FAST_BY_ID;

/**
 * The oclif manifest that describes argv's command when it may take the fast path: for
 * `models ...` the CLI's own, cut at build time to the fast commands (dist/fast-manifest.json,
 * the whole oclif.manifest.json when that is missing); the doctor plugin's for `doctor`;
 * undefined for everything else.
 */
export function fastManifest(argv: readonly string[], cliRoot: URL): URL | undefined {
  if (argv[0] === 'models') {
    const fast = new URL('dist/fast-manifest.json', cliRoot);
    return process.getBuiltinModule('node:fs').existsSync(fast)
      ? fast
      : new URL('oclif.manifest.json', cliRoot);
  }
  if (argv[0] !== 'doctor') return undefined;
  // where the workspace and an install put it (resolving a package costs a millisecond or two)
  const beside = new URL('node_modules/@clawdbot-auth/doctor/oclif.manifest.json', cliRoot);
  if (process.getBuiltinModule('node:fs').existsSync(beside)) return beside;
  try {
    const { createRequire } = process.getBuiltinModule('node:module');
    const pkg = createRequire(cliRoot).resolve('@clawdbot-auth/doctor/package.json');
    return new URL('oclif.manifest.json', `file://${pkg}`);
  } catch {
    return undefined; // not installed beside us: oclif reports it
  }
}

/** One flag as oclif.manifest.json describes it. */
export interface ManifestFlag {
  type: 'boolean' | 'option';
  char?: string;
  multiple?: boolean;
  required?: boolean;
  allowNo?: boolean;
  default?: unknown;
  env?: string;
}
export interface Manifest {
  commands: Record<string, { flags: Record<string, ManifestFlag>; args?: Record<string, unknown> }>;
}

export type ParsedFlags = Record<string, string | boolean | string[] | number | undefined>;

/** The command id and flags of argv, or undefined when oclif should handle it. */
export function parseFastArgv(
  argv: readonly string[],
  manifest: Manifest,
  env: Record<string, string | undefined> = process.env,
): { id: string; flags: ParsedFlags } | undefined {
  // upstream's alias of `models status --json`
  if (argv[0] === 'models' && argv[1] === '--status-json' && argv.length === 2)
    return parseFastArgv(['models', 'status', '--json'], manifest, env);
  let id: string | undefined;
  let depth = 0;
  for (let i = 1; i <= argv.length; i++) {
    const candidate = argv.slice(0, i).join(':');
    if (argv[i - 1]?.startsWith('-')) break;
    if (manifest.commands[candidate]) {
      id = candidate;
      depth = i;
    }
  }
  const fast = id && FAST[id];
  const command = id && manifest.commands[id];
  if (!id || !fast || !command || Object.keys(command.args ?? {}).length) return undefined;
  try {
    // Not `import { parseArgs } from 'node:util'`: the ESM namespace of node:util loads
    // worker_threads, streams and more (~2 MB, a few ms); getBuiltinModule loads only util
    // (Node >= 22.3; before that it throws here and oclif runs the command).
    const { parseArgs } = process.getBuiltinModule('node:util');
    const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
    for (const [name, f] of Object.entries(command.flags)) {
      options[name] = {
        type: f.type === 'boolean' ? 'boolean' : 'string',
        ...(f.multiple ? { multiple: true } : {}),
        ...(f.char ? { short: f.char } : {}),
      };
    }
    const { values, positionals } = parseArgs({
      args: argv.slice(depth),
      options,
      strict: true,
      allowPositionals: false,
    });
    if (positionals.length) return undefined;
    const flags: ParsedFlags = {};
    for (const [name, f] of Object.entries(command.flags)) {
      let v = values[name] as ParsedFlags[string];
      if (v === undefined && f.env && env[f.env] !== undefined) return undefined; // oclif parses env twins
      if (v === undefined && f.default !== undefined) v = f.default as ParsedFlags[string];
      if (v === undefined && f.required) return undefined; // oclif names the missing flag
      if (typeof v === 'string' && !v.trim()) return undefined; // oclif's error for an empty value
      if (Array.isArray(v) && v.some((x) => !x.trim())) return undefined;
      if (fast.ints?.includes(name) && v !== undefined && !/^[1-9]\d*$/.test(String(v))) return undefined;
      if (v !== undefined) flags[name] = v;
    }
    return { id, flags };
  } catch {
    return undefined;
  }
}

/**
 * Whether the user installed or linked oclif plugins (`clawdbot plugins install|link`):
 * they are listed in `<data dir>/package.json`, data dir as oclif computes it.
 */
export function hasUserPlugins(
  env: Record<string, string | undefined>,
  readFile: (p: string) => string,
): boolean {
  const home = env.HOME ?? env.USERPROFILE ?? '';
  const base =
    env.CLAWDBOT_DATA_DIR ??
    `${env.XDG_DATA_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || `${home}/.local/share`}/clawdbot`;
  try {
    const pjson = JSON.parse(readFile(`${base}/package.json`)) as { oclif?: { plugins?: unknown[] } };
    return (pjson.oclif?.plugins?.length ?? 0) > 0;
  } catch {
    return false; // no file (or no readable one): oclif loads no user plugin either
  }
}

/** Run a fast command without oclif; the exit code, or undefined to fall back to oclif. */
export async function tryFastPath(
  argv: readonly string[],
  manifestPath: string | URL,
): Promise<number | undefined> {
  if (process.env.CLAWDBOT_NO_FAST_PATH) return undefined;
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const read = (p: string | URL) => readFileSync(p, 'utf8');
  if (hasUserPlugins(process.env, read)) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(read(manifestPath)) as Manifest;
  } catch {
    return undefined;
  }
  const parsed = parseFastArgv(argv, manifest);
  if (!parsed) return undefined;
  const flags = parsed.flags;
  const { createOutput } = await import('@clawdbot-auth/command-kit');
  const out = createOutput({ json: Boolean(flags.json) });
  try {
    const { loadCliEnvironment } = await import('./context.js');
    const run = await FAST[parsed.id]!.runner();
    const outcome = await run(flags, {
      environment: (agent) =>
        loadCliEnvironment({ agent, warn: (l) => out.warn(l), command: parsed.id.replaceAll(':', ' ') }),
      info: (l) => out.info(l),
      style: out.style,
    });
    if (flags.json) out.result(JSON.stringify(outcome.result, null, 2));
    else if (outcome.text !== undefined) out.result(outcome.text);
    return outcome.exitCode ?? 0;
  } catch (err) {
    const { reportError, debugEnabled, errorJson } = await import('@clawdbot-auth/command-kit');
    if (flags.json) out.result(JSON.stringify(errorJson(err), null, 2));
    return reportError(err, { debug: debugEnabled(argv, process.env) });
  }
}
