import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CLI_BIN } from './run-cli.js';

/** A CLI run on a pseudo-terminal (util-linux `script`): type into it, wait for text, read what it showed. */
export interface TerminalRun {
  child: ChildProcessWithoutNullStreams;
  /** Exit status of the command (`script -e` passes it on). */
  exited: Promise<number | null>;
  /** Resolves once `text` was shown; rejects with everything shown so far when it never is. */
  waitFor(text: string): Promise<void>;
  /** Type keys, e.g. `y\r`, or `CTRL_C`. */
  type(keys: string): void;
  /** Everything the terminal showed (stdout and stderr together, as on a screen). */
  shown(): string;
}

/** The byte a terminal sends for Ctrl-C. */
export const CTRL_C = '\x03';

/**
 * Run `node <bin> ...args` on a pseudo-terminal: stdin, stdout and stderr are the same TTY.
 * `env` replaces the environment (TERM=dumb added). Needs util-linux `script` (on every CI image).
 */
export function runOnTerminal(
  args: readonly string[],
  opts: { env: Record<string, string | undefined>; cwd: string; bin?: string; waitMs?: number },
): TerminalRun {
  const cmd = [process.execPath, opts.bin ?? CLI_BIN, ...args].map((a) => JSON.stringify(a)).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    env: { ...opts.env, TERM: 'dumb' },
    cwd: opts.cwd,
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitMs = opts.waitMs ?? 20_000;
  return {
    child,
    exited,
    shown: () => out,
    type: (keys) => void child.stdin.write(keys),
    async waitFor(text) {
      for (let waited = 0; !out.includes(text); waited += 50) {
        if (waited >= waitMs)
          throw new Error(`the terminal never showed ${JSON.stringify(text)}; it showed:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
