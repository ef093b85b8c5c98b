import fs from 'node:fs';
import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import { isPlainObject, type RawStore } from '../store/parse-store.js';
import { resolveStorePath } from '../store/paths.js';
import { loadStoreFile } from '../store/store-file.js';
import { describeCluster, keyMatches, profileCounts, sealed } from './etcd-cluster.js';
import { etcdBackend, resolveStoreSettings, type StoreBackend } from './index.js';
import { readKeyFile } from './seal.js';

/** What `models auth store status` shows. Never holds a secret. */
export interface StoreStatus {
  backend: 'file' | 'etcd';
  /** Where the choice of backend comes from: `default`, the config file, `env CLAWDBOT_AUTH_STORE`. */
  source: string;
  /** The agents' stores: `<state>/agents`, or `etcd+http://h:p/prefix`. */
  location: string;
  /** etcd only */
  endpoints?: string[];
  prefix?: string;
  reachable?: boolean;
  /** Name of the leader member (its id when it has no name). */
  leader?: string;
  members?: number;
  version?: string;
  /** etcd only: the sealing key file on this host. `matches` is absent while nothing is sealed yet. */
  keyFile?: { path: string; present: boolean; matches?: boolean };
  agents: { agentId: string; profiles: number }[];
  /** Profiles over every agent. */
  profiles: number;
  /** What is wrong, when something is (the status is still returned). */
  problem?: { code: string; message: string; hint?: string };
}

/** Agent ids with a directory under `<state>/agents/`. */
export function agentDirs(ctx: RuntimeContext): string[] {
  try {
    return fs.readdirSync(path.join(resolveStateDir(ctx), 'agents')).sort();
  } catch {
    return [];
  }
}

/** Agent ids with a store file under `<state>/agents/`. */
export function fileAgents(ctx: RuntimeContext): string[] {
  return agentDirs(ctx).filter((n) => fs.existsSync(resolveStorePath(ctx, n)));
}

export function profileCount(raw: RawStore): number {
  return isPlainObject(raw.profiles) ? Object.keys(raw.profiles).length : 0;
}

function problemOf(err: unknown): StoreStatus['problem'] {
  const e = err as { code?: unknown; message?: unknown; hint?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : 'STORE_BACKEND_UNAVAILABLE',
    message: typeof e.message === 'string' ? e.message : String(err),
    ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
  };
}

/**
 * The configured store backend and its health: for etcd whether it answers, its leader and
 * members, whether this host's key file opens the store; for both the profiles per agent.
 * Failures are reported in `problem`, not thrown (a status must show what it can).
 * @throws STORE_BACKEND_CONFIG (the settings themselves are wrong)
 */
export async function storeStatus(ctx: RuntimeContext): Promise<StoreStatus> {
  const settings = await resolveStoreSettings(ctx);
  if (settings.backend === 'file') {
    const out: StoreStatus = {
      backend: 'file',
      source: settings.source,
      location: path.join(resolveStateDir(ctx), 'agents'),
      agents: [],
      profiles: 0,
    };
    for (const agentId of fileAgents(ctx)) {
      try {
        const n = profileCount((await loadStoreFile(ctx, resolveStorePath(ctx, agentId))).raw);
        out.agents.push({ agentId, profiles: n });
        out.profiles += n;
      } catch (err) {
        out.problem ??= problemOf(err);
      }
    }
    return out;
  }
  const backend = etcdBackend(settings);
  const store = backend.etcd as NonNullable<StoreBackend['etcd']>;
  const out: StoreStatus = {
    backend: 'etcd',
    source: settings.source,
    location: store.url,
    endpoints: settings.endpoints,
    prefix: settings.prefix,
    reachable: false,
    keyFile: { path: settings.keyFile, present: false },
    agents: [],
    profiles: 0,
  };
  try {
    try {
      out.keyFile = { path: settings.keyFile, present: (await readKeyFile(settings.keyFile)) !== undefined };
    } catch (err) {
      out.keyFile = { path: settings.keyFile, present: true, matches: false };
      out.problem = problemOf(err);
    }
    const cluster = await describeCluster(store);
    out.reachable = true;
    Object.assign(out, cluster);
    const counts = await profileCounts(store);
    for (const [agentId, n] of counts) {
      out.agents.push({ agentId, profiles: n });
      out.profiles += n;
    }
    if (out.keyFile.present && out.problem === undefined) {
      try {
        out.keyFile.matches = (await keyMatches(store)) ?? undefined;
        if (out.keyFile.matches === undefined) delete out.keyFile.matches;
      } catch (err) {
        out.problem = problemOf(err);
      }
    }
    if (out.problem === undefined && !out.keyFile.present && (await sealed(store))) {
      out.problem = {
        code: 'STORE_KEY_MISSING',
        message: `The credential store on etcd (${store.url}) is sealed, and this host has no key file ${settings.keyFile}.`,
        hint: `copy the key file from a host that uses this store to ${settings.keyFile} (mode 0600); see docs/shared-state.md`,
      };
    } else if (out.problem === undefined && out.keyFile.matches === false) {
      out.problem = {
        code: 'STORE_KEY_MISMATCH',
        message: `The key file ${settings.keyFile} does not open the credential store on etcd (${store.url}).`,
        hint: `copy the key file from a host that uses this store to ${settings.keyFile}; see docs/shared-state.md`,
      };
    }
  } catch (err) {
    out.problem ??= problemOf(err);
  } finally {
    store.close();
  }
  return out;
}
