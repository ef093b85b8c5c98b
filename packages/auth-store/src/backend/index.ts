import { existsSync } from 'node:fs';
import { type RuntimeContext, resolveConfigPath } from '@clawdbot-auth/env-loader';
import type { RawStore } from '../store/parse-store.js';
import { resolveStorePath } from '../store/paths.js';
import { type LoadedFile, loadStoreFile, type UNCHANGED, updateStoreFile } from '../store/store-file.js';
import { takeLock } from './etcd-lock.js';
import { EtcdStore } from './etcd-store.js';
import { type StoreConfigBlock, type StoreSettings, storeSettingsFrom } from './settings.js';

/**
 * Where an agent's store lives. Two implementations with the same operations: the file store
 * (`auth-profiles.json` per agent, the default) and etcd (one key per entry, shared between
 * hosts). The mutations, read-through and resolver above run unchanged on either: they read
 * an agent's store in the file shape and change it with an edit function; the backend decides
 * how that read is taken and how the edit is committed (file lock + atomic rename, or an etcd
 * transaction on the changed entries' mod_revisions).
 */
export interface StoreBackend {
  readonly kind: 'file' | 'etcd';
  readonly settings: StoreSettings;
  /** Where an agent's store is, for messages: a file path, or `etcd+http://h:p/prefix/agents/<id>`. */
  location(agentId: string): string;
  /** An agent's store; a missing store is an empty one. */
  load(agentId: string): Promise<LoadedFile>;
  /** Re-reads the agent's store and commits what `edit` changed (UNCHANGED: nothing). */
  update<T>(
    agentId: string,
    edit: (raw: RawStore, exists: boolean) => T | typeof UNCHANGED,
  ): Promise<T | undefined>;
  /** The etcd store, for status, locks and watches (undefined on the file backend). */
  readonly etcd?: EtcdStore;
}

export function fileBackend(
  ctx: RuntimeContext,
  settings: StoreSettings = { backend: 'file', source: 'default' },
): StoreBackend {
  return {
    kind: 'file',
    settings,
    location: (agentId) => resolveStorePath(ctx, agentId),
    load: (agentId) => loadStoreFile(ctx, resolveStorePath(ctx, agentId)),
    update: (agentId, edit) => updateStoreFile(ctx, resolveStorePath(ctx, agentId), edit),
  };
}

export function etcdBackend(settings: Extract<StoreSettings, { backend: 'etcd' }>): StoreBackend {
  const store = new EtcdStore(settings);
  return {
    kind: 'etcd',
    settings,
    etcd: store,
    location: (agentId) => `${store.url}/agents/${agentId}`,
    load: (agentId) => store.load(agentId),
    update: (agentId, edit) => store.update(agentId, edit),
  };
}

/** A backend for explicit settings (migration between backends). */
export function backendFor(ctx: RuntimeContext, settings: StoreSettings): StoreBackend {
  return settings.backend === 'etcd' ? etcdBackend(settings) : fileBackend(ctx, settings);
}

const cache = new WeakMap<RuntimeContext, { env: string | undefined; backend: Promise<StoreBackend> }>();

/**
 * The configured store settings: CLAWDBOT_AUTH_STORE, else `auth.store` of clawdbot.json,
 * else the file store.
 * @throws STORE_BACKEND_CONFIG, and the config's own parse errors when it names a store
 */
export async function resolveStoreSettings(ctx: RuntimeContext): Promise<StoreSettings> {
  const configPath = resolveConfigPath(ctx);
  // no config file: nothing to load (a process that only touches the store never loads zod)
  if (!existsSync(configPath)) {
    if (!(ctx.env.CLAWDBOT_AUTH_STORE ?? '').trim()) return { backend: 'file', source: 'default' };
    return storeSettingsFrom(ctx, undefined, configPath);
  }
  const { loadConfig } = await import('@clawdbot-auth/config-migrate');
  let block: StoreConfigBlock | undefined;
  if (ctx.env.CLAWDBOT_AUTH_STORE === undefined || ctx.env.CLAWDBOT_AUTH_STORE.trim() === '') {
    // A config that does not load is reported by every command that reads it; the store
    // stays where the config cannot say otherwise (the file store), and status says so.
    const loaded = await loadConfig(ctx, { loadEnv: false }).catch(() => undefined);
    if (loaded === undefined) return { backend: 'file', source: `${configPath} (does not load)` };
    block = loaded.config.auth?.store as StoreConfigBlock | undefined;
  } else {
    // the config may still name the key file
    const loaded = await loadConfig(ctx, { loadEnv: false }).catch(() => undefined);
    block = loaded?.config.auth?.store as StoreConfigBlock | undefined;
  }
  return storeSettingsFrom(ctx, block, configPath);
}

/**
 * The backend every store operation of this context uses (resolved once per context).
 * @throws STORE_BACKEND_CONFIG
 */
export function storeBackend(ctx: RuntimeContext): Promise<StoreBackend> {
  const env = ctx.env.CLAWDBOT_AUTH_STORE;
  const hit = cache.get(ctx);
  if (hit !== undefined && hit.env === env) return hit.backend;
  const backend = resolveStoreSettings(ctx).then((s) => backendFor(ctx, s));
  backend.catch(() => cache.delete(ctx));
  cache.set(ctx, { env, backend });
  return backend;
}

/** Forgets the context's backend (after the config changed) and closes its connections. */
export async function resetStoreBackend(ctx: RuntimeContext): Promise<void> {
  const hit = cache.get(ctx);
  cache.delete(ctx);
  const b = await hit?.backend.catch(() => undefined);
  b?.etcd?.close();
}

/**
 * Runs `fn` holding a lock shared by every host on the same store: on etcd a lease-held lock
 * (`<prefix>/locks/<name>`, lease TTL `ttlMs`, kept alive while held); on the file store there
 * is nothing to share beyond the caller's own file lock, so `fn` just runs. While another host
 * holds it, `whileWaiting` is polled; a value from it is returned without running `fn`.
 * @throws STORE_LOCK_FAILED (still held at `deadline`), STORE_BACKEND_UNAVAILABLE
 */
export async function withSharedLock<T>(
  ctx: RuntimeContext,
  name: string,
  opts: { ttlMs: number; deadline: number },
  fn: () => Promise<T>,
  whileWaiting: () => Promise<T | undefined> = async () => undefined,
): Promise<T> {
  const backend = await storeBackend(ctx);
  if (backend.etcd === undefined) return fn();
  let seen: T | undefined;
  const held = await takeLock(backend.etcd, name, {
    ...opts,
    whileWaiting: async () => {
      seen = await whileWaiting();
      return seen !== undefined;
    },
  });
  if (held === null) return seen as T;
  try {
    return await fn();
  } finally {
    await held.release();
  }
}
