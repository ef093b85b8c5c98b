import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway HOME with the state, Claude Code and Codex dirs inside it. */
export interface TempHome {
  home: string;
  stateDir: string;
  /** Environment for a child process or a RuntimeContext: HOME, CLAWDBOT_STATE_DIR, CLAUDE_CONFIG_DIR, CODEX_HOME, PATH. */
  env: Record<string, string>;
  /** Absolute path of a path relative to HOME. */
  path(rel: string): string;
  /** Write a file (relative to HOME), creating parent dirs; objects are written as JSON. */
  write(rel: string, content: string | object, mode?: number): string;
  read(rel: string): string;
  readJson<T = unknown>(rel: string): T;
  exists(rel: string): boolean;
  /** Every file under HOME (relative paths, sorted): for "nothing else was written" checks. */
  listFiles(): string[];
  cleanup(): void;
}

/** Create a temp HOME. By default the env is minimal: PATH, HOME, LANG and the dir overrides. */
export function makeTempHome(opts: { prefix?: string; extraEnv?: Record<string, string> } = {}): TempHome {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'clawdbot-home-')));
  const stateDir = path.join(home, '.clawdbot');
  const abs = (rel: string) => (path.isAbsolute(rel) ? rel : path.join(home, rel));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...opts.extraEnv,
  };
  return {
    home,
    stateDir,
    env,
    path: abs,
    write(rel, content, mode = 0o600) {
      const p = abs(rel);
      fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
      fs.writeFileSync(p, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`, {
        mode,
      });
      fs.chmodSync(p, mode);
      return p;
    },
    read: (rel) => fs.readFileSync(abs(rel), 'utf8'),
    readJson: (rel) => JSON.parse(fs.readFileSync(abs(rel), 'utf8')),
    exists: (rel) => fs.existsSync(abs(rel)),
    listFiles() {
      const out: string[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else out.push(path.relative(home, p));
        }
      };
      walk(home);
      return out.sort();
    },
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}
