import fs from 'node:fs';
import path from 'node:path';
import { makeTempHome, type TempHome } from '@clawdbot-auth/testkit';
import { createContext, type RuntimeContext } from '../src/index.js';

/** A temp HOME, a separate working dir, and a context pointing at both. */
export interface Sandbox {
  home: TempHome;
  cwd: string;
  ctx: RuntimeContext;
  /** Writes an executable script under HOME and returns its path. */
  script(name: string, body: string): string;
}

export function makeSandbox(env: Record<string, string> = {}): Sandbox {
  const home = makeTempHome({ prefix: 'env-loader-' });
  const cwd = home.path('project');
  fs.mkdirSync(cwd, { recursive: true });
  const ctx = createContext({ env: { ...home.env, ...env }, homedir: home.home, cwd, now: () => 0 });
  return {
    home,
    cwd,
    ctx,
    script(name, body) {
      return home.write(path.join('bin', name), `#!/bin/sh\n${body}\n`, 0o755);
    },
  };
}
