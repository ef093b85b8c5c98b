import {
  type AuthStore,
  clearOrder,
  type LoadedConfig,
  routeProfile,
  routingModeFor,
  SYNCED_PROFILE_IDS,
  setOrder,
  unrouteProfile,
  updateConfig,
} from '../deps.js';
import type { DoctorState } from '../state.js';
import { isRecord } from '../state.js';
import type { Check, Finding } from '../types.js';

function configProfiles(loaded: LoadedConfig): Record<string, { provider?: string; mode?: string }> {
  const auth = loaded.raw['auth'];
  const profiles = isRecord(auth) ? auth['profiles'] : undefined;
  return isRecord(profiles) ? (profiles as Record<string, { provider?: string }>) : {};
}

function configOrder(loaded: LoadedConfig): Record<string, unknown> {
  const auth = loaded.raw['auth'];
  return isRecord(auth) && isRecord(auth['order']) ? auth['order'] : {};
}

const providerOf = (id: string, p?: { provider?: unknown }) =>
  (typeof p?.provider === 'string' ? p.provider : (id.split(':')[0] ?? id)).toLowerCase();

/**
 * Profile ids stored in any agent, and the sync-managed ones (an order or routing entry naming
 * one of them is not stale: the next sync fills a sync-managed id, so it is never dangling).
 */
async function knownIds(state: DoctorState): Promise<Set<string> | undefined> {
  const ids = new Set<string>(SYNCED_PROFILE_IDS);
  for (const agentId of await state.agentIds()) {
    const r = await state.store(agentId);
    if (r.kind !== 'ok') return undefined; // cannot tell what is unknown
    for (const id of Object.keys(r.view.store.profiles)) ids.add(id);
  }
  return ids;
}

function editAuth(raw: Record<string, unknown>, key: 'profiles' | 'order'): Record<string, unknown> {
  if (!isRecord(raw['auth'])) raw['auth'] = {};
  const auth = raw['auth'] as Record<string, unknown>;
  if (!isRecord(auth[key])) auth[key] = {};
  return auth[key] as Record<string, unknown>;
}

function configWithoutStore(state: DoctorState, loaded: LoadedConfig, known: Set<string>): Finding[] {
  return Object.keys(configProfiles(loaded))
    .filter((id) => !known.has(id))
    .map((id) => ({
      id: 'consistency.config-profile-missing',
      severity: 'warn',
      section: 'consistency',
      file: loaded.path,
      message: `config auth.profiles["${id}"] has no stored credential in any agent (requests skip it)`,
      fix: `clawdbot models auth login --provider ${providerOf(id)} (or remove the entry: clawdbot doctor --yes --force)`,
      repair: {
        describe: `removed auth.profiles["${id}"] from the config`,
        // Deletes the user's config entry: never under --yes alone (a login may be on its way).
        safe: false,
        apply: async () => {
          await unrouteProfile(state.ctx, id);
        },
      },
    }));
}

function storeWithoutConfig(state: DoctorState, loaded: LoadedConfig, store: AuthStore): Finding[] {
  const routed = configProfiles(loaded);
  const routedProviders = new Set(Object.entries(routed).map(([id, p]) => providerOf(id, p)));
  const out: Finding[] = [];
  for (const [id, cred] of Object.entries(store.profiles)) {
    const provider = cred.provider.toLowerCase();
    if (routed[id] || !routedProviders.has(provider)) continue;
    const mode = routingModeFor(id, cred.type);
    out.push({
      id: 'consistency.store-profile-unrouted',
      severity: 'warn',
      section: 'consistency',
      file: loaded.path,
      message: `${id} is stored but config auth.profiles lists other ${provider} profiles only, so requests never use it`,
      fix: 'clawdbot doctor --yes',
      repair: {
        describe: `added auth.profiles["${id}"] = { provider: "${provider}", mode: "${mode}" } to the config`,
        safe: true,
        apply: async () => {
          await routeProfile(state.ctx, id, { provider, mode });
        },
      },
    });
  }
  return out;
}

function staleConfigOrder(state: DoctorState, loaded: LoadedConfig, known: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const [provider, ids] of Object.entries(configOrder(loaded))) {
    if (!Array.isArray(ids)) continue;
    const unknown = ids.filter((id) => typeof id === 'string' && !known.has(id));
    if (unknown.length === 0) continue;
    out.push({
      id: 'consistency.order-unknown',
      severity: 'warn',
      section: 'consistency',
      file: loaded.path,
      message: `config auth.order.${provider} names unknown profile(s): ${unknown.join(', ')}`,
      fix: 'clawdbot doctor --yes --force',
      repair: {
        describe: `dropped ${unknown.join(', ')} from config auth.order.${provider}`,
        safe: false, // deletes config data

        apply: async () => {
          await updateConfig(state.ctx, (raw) => {
            const order = editAuth(raw, 'order');
            const cur = order[provider];
            if (!Array.isArray(cur)) return;
            const keep = cur.filter((id) => !unknown.includes(id));
            // An empty list would read as "no profile allowed"; without the key the default order applies.
            if (keep.length > 0) order[provider] = keep;
            else delete order[provider];
          });
        },
      },
    });
  }
  return out;
}

function staleStoreOrder(state: DoctorState, agentId: string, path: string, store: AuthStore): Finding[] {
  const out: Finding[] = [];
  for (const [provider, ids] of Object.entries(store.order ?? {})) {
    const unknown = ids.filter((id) => !store.profiles[id]);
    if (unknown.length === 0) continue;
    const keep = ids.filter((id) => store.profiles[id]);
    out.push({
      id: 'consistency.order-unknown',
      severity: 'warn',
      section: 'consistency',
      file: path,
      message: `agent ${agentId}: order override for ${provider} names unknown profile(s): ${unknown.join(', ')}`,
      fix: `clawdbot models auth order set --provider ${provider} --agent ${agentId} <profileId...>`,
      repair: {
        describe: `dropped ${unknown.join(', ')} from agent ${agentId}'s ${provider} order`,
        safe: false, // deletes store data
        apply: async () => {
          if (keep.length > 0) await setOrder(state.ctx, agentId, provider, keep);
          else await clearOrder(state.ctx, agentId, provider);
        },
      },
    });
  }
  return out;
}

/** consistency.*: config routing (auth.profiles, auth.order) and the stores agree. */
export const routingCheck: Check = {
  id: 'consistency.routing',
  section: 'consistency',
  async run(_ctx, state) {
    const loaded = await state.loadedConfig();
    const known = await knownIds(state);
    if (!known) return [];
    const agentId = await state.agentId();
    const r = await state.store(agentId);
    const out: Finding[] = [];
    if (loaded?.exists) {
      out.push(...configWithoutStore(state, loaded, known), ...staleConfigOrder(state, loaded, known));
      if (r.kind === 'ok') out.push(...storeWithoutConfig(state, loaded, r.view.store));
    }
    if (r.kind === 'ok') out.push(...staleStoreOrder(state, agentId, r.view.path, r.view.store));
    return out;
  },
};
