import type { RuntimeContext } from './context.js';
import { tildify } from './paths.js';

/** Where a variable's value came from. */
export type VarOrigin =
  | { kind: 'process' }
  | { kind: 'cwd-dotenv'; path: string }
  | { kind: 'state-dotenv'; path: string }
  | { kind: 'config-env' }
  | { kind: 'login-shell' };

/** The result of loadEnvironment: origins of what we set, warnings, and the shell import's outcome. */
export interface LoadedEnv {
  /** Every variable we know the origin of; variables that were already set are 'process' (see originOf). */
  origins: Map<string, VarOrigin>;
  /** One line each: "<file>:<line>: ..." and login-shell failures. */
  warnings: string[];
  shell: { enabled: boolean; appliedKeys: string[]; error?: string };
}

const PROCESS: VarOrigin = Object.freeze({ kind: 'process' });

/** Origin of a variable: the recorded one, else 'process'. */
export function originOf(loaded: LoadedEnv | undefined, name: string): VarOrigin {
  return loaded?.origins.get(name) ?? PROCESS;
}

/** Human label of an origin: "~/.clawdbot/.env", "login shell", "config env", "process env". */
export function describeOrigin(ctx: RuntimeContext, origin: VarOrigin): string {
  switch (origin.kind) {
    case 'cwd-dotenv':
    case 'state-dotenv':
      return tildify(ctx, origin.path);
    case 'config-env':
      return 'config env';
    case 'login-shell':
      return 'login shell';
    default:
      return 'process env';
  }
}
