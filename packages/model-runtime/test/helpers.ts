import { resetStoreBackend, storeBackend } from '@clawdbot-auth/auth-store';
import { createContext, type RuntimeContext } from '@clawdbot-auth/env-loader';
import {
  type FakeModelServer,
  type FakeModelServerOptions,
  freshStoreUrl,
  makeTempHome,
  type StoreBackendKind,
  startFakeModelServer,
  type TempHome,
} from '@clawdbot-auth/testkit';
import { afterEach } from 'vitest';
import { runTurn, type TurnOptions } from '../src/index.js';

export const STORE = '.clawdbot/agents/main/agent/auth-profiles.json';
export const SESSIONS = '.clawdbot/agents/main/sessions/sessions.json';
export const CONFIG = '.clawdbot/clawdbot.json';

export interface Harness {
  home: TempHome;
  server: FakeModelServer;
  ctx: RuntimeContext;
  warnings: string[];
  turn(message: string, opts?: Partial<TurnOptions>): ReturnType<typeof runTurn>;
  store(): HarnessStore;
  /** The main agent's store as its backend holds it (the file, or the etcd entries). */
  raw(): Promise<HarnessStore>;
  session(key?: string): Record<string, unknown> | undefined;
}

export interface HarnessStore {
  profiles: Record<string, Record<string, unknown>>;
  usageStats?: Record<string, Record<string, number | string | Record<string, number>>>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** A temp HOME with a store, an optional config, and the fake model server as every provider's base URL. */
export async function harness(opts: {
  profiles?: Record<string, Record<string, unknown>>;
  storeExtra?: Record<string, unknown>;
  config?: Record<string, unknown>;
  script?: FakeModelServerOptions['script'];
  env?: Record<string, string>;
  now?: () => number;
  /** Where the store lives: the file (default) or a fresh prefix on the test file's etcd. */
  backend?: StoreBackendKind;
}): Promise<Harness> {
  const home = makeTempHome({ prefix: 'model-runtime-' });
  const server = await startFakeModelServer(opts.script ? { script: opts.script } : {});
  open.push(async () => {
    await server.close();
    home.cleanup();
  });
  if (opts.config) home.write(CONFIG, opts.config);
  const env: Record<string, string | undefined> = {
    ...home.env,
    ANTHROPIC_BASE_URL: server.url,
    OPENAI_BASE_URL: server.openaiBaseUrl,
    ...(opts.backend === 'etcd' ? { CLAWDBOT_AUTH_STORE: await freshStoreUrl('rt') } : {}),
    ...opts.env,
  };
  const ctx = createContext({
    env,
    homedir: home.home,
    cwd: home.home,
    platform: 'linux',
    ...(opts.now ? { now: opts.now } : {}),
  });
  open.push(() => resetStoreBackend(ctx));
  const seed = opts.profiles ? { version: 1, profiles: opts.profiles, ...opts.storeExtra } : undefined;
  if (seed !== undefined && opts.backend === 'etcd')
    await (await storeBackend(ctx)).update('main', (raw) => void Object.assign(raw, seed));
  else if (seed !== undefined) home.write(STORE, seed);
  const warnings: string[] = [];
  return {
    home,
    server,
    ctx,
    warnings,
    turn: (message, extra = {}) =>
      runTurn(ctx, {
        message,
        io: { warn: (l) => warnings.push(l), info: () => undefined },
        timeoutMs: 2_000,
        ...extra,
      }),
    store: () => home.readJson(STORE),
    raw: async () => (await (await storeBackend(ctx)).load('main')).raw as unknown as HarnessStore,
    session: (key = 'agent:main:main') =>
      home.exists(SESSIONS)
        ? home.readJson<Record<string, Record<string, unknown>>>(SESSIONS)[key]
        : undefined,
  };
}

export const apiKey = (key: string, provider = 'anthropic') => ({ type: 'api_key', provider, key });
export const oauth = (access: string, refresh: string, expires: number, provider = 'anthropic') => ({
  type: 'oauth',
  provider,
  access,
  refresh,
  expires,
});
export const token = (value: string, provider = 'anthropic') => ({ type: 'token', provider, token: value });
