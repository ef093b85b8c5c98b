import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { type StoreBackend, storeBackend } from '../backend/index.js';
import type { AuthStore } from '../schema.js';
import { providerOf } from './entry-edits.js';
import { importLegacyStores } from './legacy.js';
import { type Issue, toView } from './parse-store.js';
import { DEFAULT_AGENT_ID, normalizeAgentId } from './paths.js';
import { importRecoveries } from './recovery.js';

/** What an agent's store holds right now, as far as a reader can use it. */
export interface StoreView {
  /** The store file, or on etcd `etcd+http://host:port/prefix/agents/<id>`. */
  path: string;
  /** `file` or `etcd`. */
  backend: 'file' | 'etcd';
  agentId: string;
  exists: boolean;
  /** Only valid entries (plus read-through ones for an agent other than the default). */
  store: AuthStore;
  /** Entries with a wrong shape, by path: `profiles["anthropic:work"].key: expected string`. */
  invalid: Issue[];
  /** Profile ids read through from the default agent's store (not copied). */
  inherited: Set<string>;
  /** Legacy files (and recovery files of an unsaved refresh) imported on this load. */
  imported: string[];
  /** Legacy files that could not be imported, one line each (the file was left in place). */
  warnings: string[];
}

/**
 * Reads an agent's store: a missing file is an empty store; legacy files are imported first.
 * An agent other than the default one reads through to the default agent's store for every
 * provider it has no credential for.
 * @throws STORE_PARSE_FAILED (path + line:column; a .corrupt-<ms> copy kept once), STORE_INVALID, STORE_READ_FAILED
 */
export async function readStore(ctx: RuntimeContext, agentId?: string): Promise<StoreView> {
  const id = normalizeAgentId(agentId);
  const backend = await storeBackend(ctx);
  const legacy = { imported: [] as string[], warnings: [] as string[] };
  if (backend.kind === 'file') {
    // legacy files are imported into the file store; `models auth store migrate` moves them on
    const own = await importLegacyStores(ctx, id);
    legacy.imported.push(...own.imported);
    legacy.warnings.push(...own.warnings);
    if (id !== DEFAULT_AGENT_ID) {
      const main = await importLegacyStores(ctx, DEFAULT_AGENT_ID);
      legacy.imported.push(...main.imported);
      legacy.warnings.push(...main.warnings);
    }
  }
  // a rotation an interrupted or read-only refresh could not save (invariant 9)
  const recovered = await importRecoveries(ctx, id);
  legacy.imported.push(...recovered.imported);
  legacy.warnings.push(...recovered.warnings);
  const loaded = await backend.load(id);
  const { store, invalid } = toView(loaded.raw);
  const view: StoreView = {
    path: backend.location(id),
    backend: backend.kind,
    agentId: id,
    exists: loaded.exists,
    store,
    invalid,
    inherited: new Set(),
    ...legacy,
  };
  if (id !== DEFAULT_AGENT_ID) await readThrough(backend, view);
  return view;
}

/** Adds the default agent's profiles of every provider this agent has no credential for. */
async function readThrough(backend: StoreBackend, view: StoreView): Promise<void> {
  const main = toView((await backend.load(DEFAULT_AGENT_ID)).raw).store;
  const own = new Set(Object.entries(view.store.profiles).map(([pid, c]) => providerOf(pid, c)));
  const store = view.store;
  for (const [pid, cred] of Object.entries(main.profiles)) {
    const provider = providerOf(pid, cred);
    if (own.has(provider) || Object.hasOwn(store.profiles, pid)) continue;
    store.profiles[pid] = cred;
    view.inherited.add(pid);
    const stats = main.usageStats?.[pid];
    if (stats !== undefined) store.usageStats = { ...store.usageStats, [pid]: stats };
    const dead = main.clawdbot?.dead?.[pid];
    if (dead !== undefined)
      store.clawdbot = { ...store.clawdbot, dead: { ...store.clawdbot?.dead, [pid]: dead } };
    if (main.order?.[provider] && !store.order?.[provider])
      store.order = { ...store.order, [provider]: main.order[provider] };
    if (main.lastGood?.[provider] && !store.lastGood?.[provider])
      store.lastGood = { ...store.lastGood, [provider]: main.lastGood[provider] };
  }
}
