import { loadConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { makeTempHome, type TempHome } from '@clawdbot-auth/testkit';
import { afterEach } from 'vitest';
import type { CredentialWorld } from '../src/index.js';

export const STORE_REL = '.clawdbot/agents/main/agent/auth-profiles.json';
export const CONFIG_REL = '.clawdbot/clawdbot.json';
export const NOW = 1_795_582_384_419;
export const DAY = 86_400_000;

export interface Home {
  h: TempHome;
  ctx: RuntimeContext;
  /** the config and env loaded now, as a command would */
  world(): Promise<CredentialWorld>;
  store(profiles: Record<string, object>, extra?: object): void;
  config(cfg: object): void;
}

const homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

/** A temp HOME (cleaned up after the test) with a fixed clock and helpers to write store and config. */
export function useHome(env: Record<string, string> = {}): Home {
  const h = makeTempHome();
  homes.push(h);
  const ctx: RuntimeContext = {
    env: { ...h.env, ...env },
    homedir: h.home,
    cwd: h.home,
    platform: 'linux',
    now: () => NOW,
  };
  return {
    h,
    ctx,
    world: async () => ({ ctx, loaded: await loadConfig(ctx) }),
    store: (profiles, extra = {}) => h.write(STORE_REL, { version: 1, profiles, ...extra }),
    config: (cfg) => h.write(CONFIG_REL, cfg),
  };
}
