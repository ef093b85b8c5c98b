import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, type RuntimeContext } from '@clawdbot-auth/env-loader';
import { makeTempHome, type TempHome } from '@clawdbot-auth/testkit';
import { afterEach } from 'vitest';

export const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'store-worker.mjs');
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A temp HOME with CLAWDBOT_STATE_DIR set, and a context on it with a fixed clock. */
export function tempStore(now = 1_800_000_000_000): {
  home: TempHome;
  ctx: RuntimeContext;
  storeRel: string;
} {
  const home = makeTempHome({ prefix: 'auth-store-' });
  home.env.CLAWDBOT_STATE_DIR = home.stateDir;
  const ctx = createContext({ env: { ...home.env }, homedir: home.home, cwd: home.home, now: () => now });
  return { home, ctx, storeRel: '.clawdbot/agents/main/agent/auth-profiles.json' };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the worker fixture (which imports the built dist) and collects its output. */
export function runWorker(env: Record<string, string>, args: string[], onSpawn?: (kill: () => void) => void) {
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(() => child.kill('SIGKILL'));
  });
}

/** The octal permission bits of a path. */
export function modeOf(p: string): number {
  return fs.statSync(p).mode & 0o777;
}

export const apiKey = (key: string, provider = 'anthropic') => ({ type: 'api_key' as const, provider, key });
export const oauth = (refresh: string, expires = 1_900_000_000_000) => ({
  type: 'oauth' as const,
  provider: 'anthropic',
  access: `sk-ant-oat01-access-${refresh}`,
  refresh,
  expires,
});

/** The parts of a store file the tests look at. */
export interface StoreFile {
  version?: number;
  profiles: Record<string, Record<string, unknown>>;
  order?: Record<string, string[]>;
  lastGood?: Record<string, string>;
  usageStats?: Record<string, Record<string, unknown>>;
  clawdbot?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Registers cleanup of every temp store made in a test file; returns the maker. */
export function useTempStores(): (now?: number) => ReturnType<typeof tempStore> {
  const made: ReturnType<typeof tempStore>[] = [];
  afterEach(() => {
    for (const t of made.splice(0)) t.home.cleanup();
  });
  return (now) => {
    const t = tempStore(now);
    made.push(t);
    return t;
  };
}
