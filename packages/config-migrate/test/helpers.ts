import { createContext, type RuntimeContext } from '@clawdbot-auth/env-loader';
import { makeTempHome, type TempHome } from '@clawdbot-auth/testkit';
import { afterEach } from 'vitest';

const homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

/** A temp HOME (cleaned after the test) and a context whose env is a private copy. */
export function setup(extraEnv: Record<string, string> = {}): { home: TempHome; ctx: RuntimeContext } {
  const home = makeTempHome({ prefix: 'config-migrate-', extraEnv });
  homes.push(home);
  const ctx = createContext({
    env: { ...home.env },
    homedir: home.home,
    cwd: home.home,
    now: () => 1_700_000_000_000,
  });
  return { home, ctx };
}

export const CONFIG = '.clawdbot/clawdbot.json';
