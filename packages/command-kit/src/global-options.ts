import path from 'node:path';

/**
 * Upstream's global options, read before any command is chosen (both bins, the fast path too):
 * `--profile <name>` (state under `~/.clawdbot-<name>`), `--dev` (`~/.clawdbot-dev`, gateway port
 * 19001) and `--no-color`. Upstream takes the first two only before the command; here they work
 * after it as well. Arguments after `--` belong to the command (`models auth exec -- cmd`).
 */
export interface GlobalOptions {
  /** argv without the global options */
  argv: string[];
  profile?: string;
  noColor: boolean;
}

/** A global option that cannot be applied: one line, as upstream words it. */
export class GlobalOptionError extends Error {
  override readonly name = 'GlobalOptionError';
  readonly code = 'USAGE';
  readonly hint = 'Run: clawdbot --profile <name> <command> (letters, digits, _ and -), or --dev';
}

/** Upstream's profile names: path-safe and shell-friendly. */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/**
 * Takes `--profile <name>` / `--profile=<name>`, `--dev` and `--no-color` out of `argv`.
 * @throws GlobalOptionError (USAGE) for a missing or invalid name, or --dev with --profile
 */
export function parseGlobalOptions(argv: readonly string[]): GlobalOptions {
  const out: string[] = [];
  let profile: string | undefined;
  let dev = false;
  let noColor = false;
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  for (let i = 0; i < head.length; i += 1) {
    const arg = head[i]!;
    if (arg === '--no-color') {
      noColor = true;
    } else if (arg === '--dev') {
      if (profile !== undefined && profile !== 'dev')
        throw new GlobalOptionError('Cannot combine --dev with --profile');
      dev = true;
      profile = 'dev';
    } else if (arg === '--profile' || arg.startsWith('--profile=')) {
      if (dev) throw new GlobalOptionError('Cannot combine --dev with --profile');
      const inline = arg.includes('=');
      const value = (inline ? arg.slice(arg.indexOf('=') + 1) : (head[i + 1] ?? '')).trim();
      if (!inline && head[i + 1] !== undefined) i += 1;
      if (!value) throw new GlobalOptionError('--profile requires a value');
      if (!PROFILE_NAME.test(value)) {
        throw new GlobalOptionError('Invalid --profile (use letters, numbers, "_", "-" only)');
      }
      profile = value;
    } else {
      out.push(arg);
    }
  }
  if (end >= 0) out.push(...argv.slice(end));
  return { argv: out, ...(profile !== undefined ? { profile } : {}), noColor };
}

/**
 * Sets the environment a profile implies, as upstream does: `CLAWDBOT_PROFILE`, and, unless
 * already set, `CLAWDBOT_STATE_DIR` (`~/.clawdbot-<name>`; `default` is `~/.clawdbot`),
 * `CLAWDBOT_CONFIG_PATH` (`<state>/clawdbot.json`) and for `dev` `CLAWDBOT_GATEWAY_PORT=19001`.
 * `noColor` sets `NO_COLOR=1`. An explicit variable always wins.
 */
export function applyGlobalOptions(
  opts: Pick<GlobalOptions, 'profile' | 'noColor'>,
  env: NodeJS.ProcessEnv,
  homedir: string,
): void {
  if (opts.noColor) env.NO_COLOR = '1';
  const profile = opts.profile?.trim();
  if (!profile) return;
  env.CLAWDBOT_PROFILE = profile;
  const suffix = profile.toLowerCase() === 'default' ? '' : `-${profile}`;
  const stateDir = env.CLAWDBOT_STATE_DIR?.trim() || path.join(homedir, `.clawdbot${suffix}`);
  if (!env.CLAWDBOT_STATE_DIR?.trim()) env.CLAWDBOT_STATE_DIR = stateDir;
  if (!env.CLAWDBOT_CONFIG_PATH?.trim()) env.CLAWDBOT_CONFIG_PATH = path.join(stateDir, 'clawdbot.json');
  if (profile === 'dev' && !env.CLAWDBOT_GATEWAY_PORT?.trim()) env.CLAWDBOT_GATEWAY_PORT = '19001';
}

/**
 * The bins' first step: parse and apply the global options to `process.env`; on a bad one print
 * `Error: ...` and what to run, and return undefined (the caller exits 1).
 */
export function takeGlobalOptions(argv: readonly string[], homedir: string): string[] | undefined {
  try {
    const parsed = parseGlobalOptions(argv);
    applyGlobalOptions(parsed, process.env, homedir);
    return parsed.argv;
  } catch (err) {
    if (!(err instanceof GlobalOptionError)) throw err;
    process.stderr.write(`Error: ${err.message}\n${err.hint}\n`);
    return undefined;
  }
}
