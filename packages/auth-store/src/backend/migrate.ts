import path from 'node:path';
import { type RuntimeContext, resolveConfigPath, resolveStateDir } from '@clawdbot-auth/env-loader';
import { readState } from '@clawdbot-auth/fs-safe';
import { recordAuthEvent } from '../journal/record.js';
import { archive } from '../store/archive.js';
import { AuthStoreError } from '../store/errors.js';
import { importLegacyStores } from '../store/legacy.js';
import { withFileLock } from '../store/lock.js';
import { isPlainObject, type RawStore } from '../store/parse-store.js';
import { DEFAULT_AGENT_ID, resolveStorePath } from '../store/paths.js';
import type { LoadedFile } from '../store/store-file.js';
import { archiveAgent, listAgents } from './etcd-cluster.js';
import { assemble, flatten } from './etcd-codec.js';
import { etcdBackend, fileBackend, resolveStoreSettings, type StoreBackend } from './index.js';
import { type EtcdSettings, parseStoreUrl } from './settings.js';
import { agentDirs, fileAgents, profileCount } from './status.js';

/** What `migrateStore` did. */
export interface MigrateResult {
  from: string;
  to: string;
  agents: {
    agentId: string;
    /** Profiles copied (or already there with the same value). */
    profiles: number;
    /** Profiles the target already held with another value: the target's was kept. */
    kept: string[];
    /** Where the source went: `<file>.migrated-<ms>`, or `<prefix>/archive/<ms>/agents/<id>`. */
    archivedAs: string;
  }[];
  /** The config file whose `auth.store` now names the target, when it was changed. */
  configUpdated?: string;
  /** One line for the user when something is left to do by hand. */
  next?: string;
}

/** The etcd side of a migration: `url` (etcd+http://h:p/prefix), else the configured store. */
async function etcdSide(ctx: RuntimeContext, url: string | undefined): Promise<EtcdSettings> {
  const configured = await resolveStoreSettings(ctx);
  if (url !== undefined) {
    const keyFile = configured.backend === 'etcd' ? configured.keyFile : undefined;
    const s = parseStoreUrl(ctx, url, keyFile, '--url');
    if (s.backend === 'etcd') return s;
    throw new AuthStoreError('STORE_BACKEND_CONFIG', `--url ${url}: not an etcd store`, {
      hint: 'give etcd+http://host:2379[,host:2379]/prefix',
    });
  }
  if (configured.backend === 'etcd') return configured;
  throw new AuthStoreError(
    'STORE_BACKEND_CONFIG',
    `No etcd store is configured (${configured.source} selects the file store).`,
    {
      hint: 'name it: clawdbot models auth store migrate --to etcd --url etcd+http://host:2379/clawdbot (see docs/shared-state.md)',
    },
  );
}

/** Copies into `raw` every entry of `src` it lacks; returns the profiles it holds with another value. */
function mergeInto(raw: RawStore, src: Map<string, string>): string[] {
  const dst = flatten(raw);
  const kept: string[] = [];
  for (const [k, json] of src) {
    const have = dst.get(k);
    if (have === undefined) dst.set(k, json);
    else if (have !== json && k.startsWith('profiles/')) kept.push(decodeURIComponent(k.slice(9)));
  }
  const merged = assemble(dst);
  for (const k of Object.keys(raw)) delete raw[k];
  Object.assign(raw, merged);
  return kept;
}

/**
 * Moves every agent's store between the file store and etcd (invariant 8): copy each entry the
 * target lacks (an entry the target holds with another value is newer there and is kept, and
 * reported), read the target back and compare, then archive the source (the file renamed to
 * `.migrated-<ms>`, the etcd entries moved under `<prefix>/archive/<ms>/` in one transaction
 * that fails if any changed meanwhile). Safe to interrupt and to run again: a second run finds
 * nothing left to copy. When the etcd settings came from the config (or from `etcd` given
 * `url`), `auth.store` in clawdbot.json is switched to the target.
 * @throws STORE_BACKEND_CONFIG, STORE_BACKEND_UNAVAILABLE, STORE_KEY_*, STORE_WRITE_FAILED, STORE_PARSE_FAILED
 */
export async function migrateStore(
  ctx: RuntimeContext,
  opts: { to: 'etcd' | 'file'; url?: string },
): Promise<MigrateResult> {
  const settings = await etcdSide(ctx, opts.url);
  const file = fileBackend(ctx);
  const etcd = etcdBackend(settings);
  const store = etcd.etcd as NonNullable<StoreBackend['etcd']>;
  const [src, dst] = opts.to === 'etcd' ? [file, etcd] : [etcd, file];
  const result: MigrateResult = {
    from: opts.to === 'etcd' ? path.join(resolveStateDir(ctx), 'agents') : store.url,
    to: opts.to === 'etcd' ? store.url : path.join(resolveStateDir(ctx), 'agents'),
    agents: [],
  };
  try {
    if (src.kind === 'file') {
      // legacy files come along: imported into the file store first, as any read would
      for (const id of new Set([DEFAULT_AGENT_ID, ...agentDirs(ctx)])) await importLegacyStores(ctx, id);
    }
    const agents = src.kind === 'file' ? fileAgents(ctx) : await listAgents(store);
    const stamp = ctx.now();
    for (const agentId of agents) {
      const loaded = await src.load(agentId);
      if (!loaded.exists) continue;
      const entries = flatten(loaded.raw);
      const kept = (await dst.update(agentId, (raw) => mergeInto(raw, entries))) ?? [];
      await verify(dst, agentId, entries, kept);
      const archivedAs =
        src.kind === 'file'
          ? await archiveFile(ctx, agentId, loaded)
          : await archiveAgent(store, agentId, entries, stamp);
      result.agents.push({ agentId, profiles: profileCount(loaded.raw), kept, archivedAs });
      recordAuthEvent(ctx, {
        event: 'imported',
        agent: agentId,
        cause: `migrated from ${src.location(agentId)} (source archived as ${archivedAs})`,
        store: dst.location(agentId),
      });
    }
    await switchConfig(ctx, settings, store.url, opts, result);
  } finally {
    store.close();
  }
  return result;
}

/** The target holds every entry of the source (or, for a kept profile, its own newer value). */
async function verify(
  dst: StoreBackend,
  agentId: string,
  entries: Map<string, string>,
  kept: string[],
): Promise<void> {
  const back = flatten((await dst.load(agentId)).raw);
  const skip = new Set(kept.map((id) => `profiles/${encodeURIComponent(id)}`));
  for (const [k, json] of entries) {
    if (skip.has(k) || !k.startsWith('profiles/')) {
      if (back.has(k)) continue;
    } else if (back.get(k) === json) continue;
    throw new AuthStoreError(
      'STORE_WRITE_FAILED',
      `${dst.location(agentId)}: reading back the copy did not give ${k}; the source was left in place.`,
      { hint: 'run the migration again; if it fails again: clawdbot doctor' },
    );
  }
}

/** Renames an agent's store file to `.migrated-<ms>` under its lock, if it is still what was copied. */
async function archiveFile(ctx: RuntimeContext, agentId: string, loaded: LoadedFile): Promise<string> {
  const file = resolveStorePath(ctx, agentId);
  return withFileLock(ctx, file, async () => {
    const now = readState(file);
    if (now === undefined || loaded.bytes === undefined || !now.equals(loaded.bytes)) {
      throw new AuthStoreError(
        'STORE_WRITE_FAILED',
        `${file} changed while it was being migrated; it was left in place.`,
        { path: file, hint: 'run the migration again' },
      );
    }
    return archive(ctx, file);
  });
}

/** Points `auth.store` at the target when the config (or this call) chose the etcd store. */
async function switchConfig(
  ctx: RuntimeContext,
  settings: EtcdSettings,
  url: string,
  opts: { to: 'etcd' | 'file'; url?: string },
  result: MigrateResult,
): Promise<void> {
  const configPath = resolveConfigPath(ctx);
  const envSet = (ctx.env.CLAWDBOT_AUTH_STORE ?? '').trim() !== '';
  const fromConfig = settings.source === configPath;
  if (envSet) {
    result.next =
      opts.to === 'file'
        ? 'CLAWDBOT_AUTH_STORE still selects etcd: unset it to use the file store'
        : `keep CLAWDBOT_AUTH_STORE=${url} set (or put auth.store in ${configPath})`;
  }
  if (!fromConfig && opts.url === undefined) return;
  if (opts.to === 'file' && !fromConfig) return;
  const { updateConfig } = await import('@clawdbot-auth/config-migrate');
  let changed = false;
  await updateConfig(ctx, (raw) => {
    const auth = (isPlainObject(raw.auth) ? raw.auth : {}) as Record<string, unknown>;
    const block = (isPlainObject(auth.store) ? auth.store : {}) as Record<string, unknown>;
    const before = JSON.stringify(block);
    block.backend = opts.to;
    if (opts.to === 'etcd') {
      block.endpoints = settings.endpoints;
      block.prefix = settings.prefix;
    }
    changed = JSON.stringify(block) !== before;
    auth.store = block;
    raw.auth = auth;
  });
  if (changed) result.configUpdated = configPath;
}
