import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { inKeyringSession } from './keyring-session.js';

/**
 * A command running in its own keyring session (inKeyringSession) that a test can stop at a
 * chosen step and kill for real: the session is its own process group (the bus, the shell and
 * the command), so `kill()` is a SIGKILL of all of them, and the session's gnome-keyring-daemon
 * (which detaches into its own group) can be paused and resumed to hold the command inside a
 * keyring call. Its stderr lines arrive as they are printed, to wait for a step.
 */
export interface KeyringChild {
  child: ChildProcess;
  /** stderr lines so far */
  lines: string[];
  stdout(): string;
  /** Resolves once a stderr line matches (rejects when the child exits first). */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGSTOP / SIGCONT the keyring daemon(s) of this HOME. */
  pauseKeyring(): number[];
  resumeKeyring(): void;
  /** SIGKILL the whole session, resume a paused daemon, and wait until its daemon is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code when the command ends by itself. */
  exited: Promise<number | null>;
}

/** Pids of gnome-keyring-daemon processes whose environment has HOME=home (ours: a temp HOME). */
export function keyringDaemonsOf(home: string): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!fs.readFileSync(`/proc/${name}/comm`, 'utf8').startsWith('gnome-keyring')) continue;
      const env = fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (env.includes(`HOME=${home}`)) out.push(Number(name));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startInKeyringSession(
  command: string,
  args: readonly string[],
  opts: { home: string; env: Record<string, string>; cwd?: string },
): KeyringChild {
  const wrapped = inKeyringSession(command, args);
  const child = spawn(wrapped.command, wrapped.args, {
    cwd: opts.cwd ?? opts.home,
    env: { ...opts.env, ...wrapped.env, HOME: opts.home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let out = '';
  let partial = '';
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      done = true;
      for (const w of waiters.splice(0)) w();
      resolve(code);
    }),
  );
  let paused: number[] = [];
  const resumeKeyring = () => {
    for (const pid of paused.splice(0)) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {}
    }
  };
  return {
    child,
    lines,
    stdout: () => out,
    exited,
    waitForLine(re, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => re.test(l));
          if (hit !== undefined) return resolve(hit);
          if (done) return reject(new Error(`exited before ${re}; stderr:\n${lines.join('\n')}`));
          if (Date.now() > deadline)
            return reject(new Error(`no ${re} in time; stderr:\n${lines.join('\n')}`));
          waiters.push(check);
          setTimeout(check, 200);
        };
        check();
      });
    },
    pauseKeyring() {
      const pids = keyringDaemonsOf(opts.home);
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      paused.push(...pids);
      return pids;
    },
    resumeKeyring,
    async kill() {
      if (!done && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
      await exited;
      resumeKeyring();
      paused = [];
      // The daemon leaves once its bus is gone; the next session must not share the keyring file with it.
      for (let i = 0; i < 100 && keyringDaemonsOf(opts.home).length > 0; i++) await sleep(50);
      for (const pid of keyringDaemonsOf(opts.home)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    },
  };
}
