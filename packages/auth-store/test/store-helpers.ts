import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, type RuntimeContext } from '@clawdbot-auth/env-loader';
import {
  closeSharedEtcd,
  type EtcdCluster,
  freshStoreUrl,
  makeTempHome,
  type StoreBackendKind,
  sharedEtcd,
  storeBackendKinds,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach } from 'vitest';
import { storeBackend } from '../src/index.js';

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

/** The store backends the parameterised suites run on (etcd also under CI, where it must be installed). */
export type BackendKind = StoreBackendKind;
export const BACKENDS: BackendKind[] = storeBackendKinds();

/** One etcd for the whole test file, started on first use and stopped after the file. */
export function etcdForFile(): Promise<EtcdCluster> {
  return sharedEtcd();
}

export interface BackendStore extends ReturnType<typeof tempStore> {
  backend: BackendKind;
  /** The agent's store in the file shape, as the backend holds it now. */
  raw(agentId?: string): Promise<StoreFile>;
  /** Where the agent's store lives (file path, or the etcd URL + prefix). */
  location(agentId?: string): Promise<string>;
}

/**
 * A temp HOME whose store lives on `backend`: the file store, or a fresh prefix on the test
 * file's etcd (CLAWDBOT_AUTH_STORE in the context and in `home.env` for child processes).
 * Registers cleanup; call it inside a test.
 */
export function useBackendStores(): (backend: BackendKind, now?: number) => Promise<BackendStore> {
  const made: TempHome[] = [];
  afterEach(() => {
    for (const h of made.splice(0)) h.cleanup();
  });
  afterAll(closeSharedEtcd);
  return async (backend, now) => {
    const t = tempStore(now);
    made.push(t.home);
    if (backend === 'etcd') {
      const url = await freshStoreUrl();
      t.home.env.CLAWDBOT_AUTH_STORE = url;
      t.ctx.env.CLAWDBOT_AUTH_STORE = url;
    }
    return {
      ...t,
      backend,
      async raw(agentId = 'main') {
        const b = await storeBackend(t.ctx);
        if (backend === 'file') {
          const rel = path.relative(t.home.home, b.location(agentId));
          return t.home.exists(rel) ? t.home.readJson<StoreFile>(rel) : { profiles: {} };
        }
        return (await b.load(agentId)).raw as StoreFile;
      },
      async location(agentId = 'main') {
        return (await storeBackend(t.ctx)).location(agentId);
      },
    };
  };
}
