import path from 'node:path';
import { expandHome, type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { AuthStoreError } from '../store/errors.js';

export const DEFAULT_PREFIX = '/clawdbot';
export const DEFAULT_TIMEOUT_MS = 5000;
export const KEY_FILENAME = 'auth-store.key';
export const STORE_ENV = 'CLAWDBOT_AUTH_STORE';

/** Where the credential store lives, as configured. */
export type StoreSettings =
  | { backend: 'file'; source: string }
  | {
      backend: 'etcd';
      /** `env CLAWDBOT_AUTH_STORE` or the config file's path */
      source: string;
      endpoints: string[];
      prefix: string;
      keyFile: string;
      timeoutMs: number;
      tls?: { ca?: string; cert?: string; key?: string };
      auth?: { user: string; passwordEnv: string };
    };

export type EtcdSettings = Extract<StoreSettings, { backend: 'etcd' }>;

function badSetting(source: string, message: string): AuthStoreError {
  return new AuthStoreError('STORE_BACKEND_CONFIG', `${source}: ${message}`, {
    hint: `use ${STORE_ENV}=etcd+http://host:2379[,host:2379]/prefix, or auth.store = { backend: "etcd", endpoints: ["http://host:2379"] } in clawdbot.json (see docs/shared-state.md)`,
  });
}

function normPrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').trim().replace(/\/+$/, '');
  if (p === '') return DEFAULT_PREFIX;
  return p.startsWith('/') ? p : `/${p}`;
}

function timeoutFrom(ctx: RuntimeContext, configured: number | undefined): number {
  const env = Number(ctx.env.CLAWDBOT_AUTH_STORE_TIMEOUT_MS);
  if (Number.isFinite(env) && env > 0) return env;
  return configured ?? DEFAULT_TIMEOUT_MS;
}

function defaultKeyFile(ctx: RuntimeContext): string {
  return path.join(resolveStateDir(ctx), KEY_FILENAME);
}

/**
 * Parses `etcd+http://h:p[,h:p]/prefix` (or `etcd+https://`), or `file`.
 * @throws STORE_BACKEND_CONFIG
 */
export function parseStoreUrl(
  ctx: RuntimeContext,
  value: string,
  keyFile?: string,
  source = `env ${STORE_ENV}`,
): StoreSettings {
  const v = value.trim();
  if (v === 'file') return { backend: 'file', source };
  const m = /^etcd\+(https?):\/\/([^/]+)(\/.*)?$/.exec(v);
  if (m === null)
    throw badSetting(source, `"${v.slice(0, 80)}" is not file or etcd+http://host:port[,host:port]/prefix`);
  const [, scheme, hosts = '', prefix] = m;
  const endpoints = hosts.split(',').map((h) => h.trim());
  if (endpoints.some((h) => !/^[A-Za-z0-9.[\]:-]+:\d+$/.test(h)))
    throw badSetting(source, `every host needs a port: ${hosts}`);
  return {
    backend: 'etcd',
    source,
    endpoints: endpoints.map((h) => `${scheme}://${h}`),
    prefix: normPrefix(prefix),
    keyFile: keyFile ?? defaultKeyFile(ctx),
    timeoutMs: timeoutFrom(ctx, undefined),
  };
}

/** The `auth.store` block of clawdbot.json as config-migrate validated it. */
export interface StoreConfigBlock {
  backend: 'file' | 'etcd';
  endpoints?: string[];
  prefix?: string;
  tls?: { ca?: string; cert?: string; key?: string };
  auth?: { user: string; passwordEnv: string };
  keyFile?: string;
  timeoutMs?: number;
}

/**
 * The store settings: CLAWDBOT_AUTH_STORE wins over the config's `auth.store`; neither means
 * the file store. `auth.store.keyFile` applies to both.
 * @throws STORE_BACKEND_CONFIG
 */
export function storeSettingsFrom(
  ctx: RuntimeContext,
  block: StoreConfigBlock | undefined,
  configPath: string,
): StoreSettings {
  const abs = (p: string) => path.resolve(ctx.cwd, expandHome(ctx, p));
  const keyFile = block?.keyFile !== undefined ? abs(block.keyFile) : undefined;
  const env = ctx.env[STORE_ENV];
  if (env !== undefined && env.trim() !== '') return parseStoreUrl(ctx, env, keyFile);
  if (block === undefined || block.backend === 'file') return { backend: 'file', source: configPath };
  const endpoints = block.endpoints ?? [];
  if (endpoints.length === 0)
    throw badSetting(`${configPath} auth.store.endpoints`, 'etcd needs at least one endpoint');
  for (const e of endpoints)
    if (!/^https?:\/\/[^/]+:\d+\/?$/.test(e))
      throw badSetting(`${configPath} auth.store.endpoints`, `"${e}" is not http(s)://host:port`);
  const out: EtcdSettings = {
    backend: 'etcd',
    source: configPath,
    endpoints: endpoints.map((e) => e.replace(/\/$/, '')),
    prefix: normPrefix(block.prefix),
    keyFile: keyFile ?? defaultKeyFile(ctx),
    timeoutMs: timeoutFrom(ctx, block.timeoutMs),
  };
  if (block.tls !== undefined) {
    out.tls = Object.fromEntries(
      Object.entries(block.tls)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k, abs(v as string)]),
    );
  }
  if (block.auth !== undefined) out.auth = { user: block.auth.user, passwordEnv: block.auth.passwordEnv };
  return out;
}
