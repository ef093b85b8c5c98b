import os from 'node:os';

/** Everything that touches the outside world, injected so tests can use a temp HOME and a fixed clock. */
export interface RuntimeContext {
  /** The environment to read AND fill (process.env in the CLI). */
  env: Record<string, string | undefined>;
  homedir: string;
  cwd: string;
  platform: NodeJS.Platform;
  /** Milliseconds since the epoch. */
  now(): number;
  /** The command this process runs (`models auth token`), named in the auth event journal. */
  command?: string;
}

/** Builds a context from the current process, with any field overridden. */
export function createContext(overrides: Partial<RuntimeContext> = {}): RuntimeContext {
  const env = overrides.env ?? process.env;
  const home = overrides.homedir ?? (env.HOME?.trim() || os.homedir());
  return {
    env,
    homedir: home,
    cwd: overrides.cwd ?? process.cwd(),
    platform: overrides.platform ?? process.platform,
    now: overrides.now ?? (() => Date.now()),
    ...(overrides.command !== undefined ? { command: overrides.command } : {}),
  };
}

/** True when a variable holds something other than whitespace. */
export function isSet(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
