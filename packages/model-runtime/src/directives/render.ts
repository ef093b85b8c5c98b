import { type Candidate, readStore, type StoreView } from '@clawdbot-auth/auth-store';
import { splitModelRef } from '@clawdbot-auth/config-migrate';
import { type Pin, planProvider, resolveFor } from '../plan.js';
import { resolveEndpoint } from '../providers/endpoint.js';
import type { SessionEntry } from '../sessions/schema.js';
import type { World } from '../world.js';
import { listAllowedModels } from './models.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Providers of the listed models (and of stored profiles) that have a usable credential now. */
function usableProviders(world: World, store: StoreView, refs: string[]): string[] {
  const providers = new Set(refs.map((r) => splitModelRef(r).provider));
  for (const cred of Object.values(store.store.profiles)) providers.add(cred.provider.trim().toLowerCase());
  return [...providers].filter((p) => resolveFor(world, store, p).candidates.some((c) => c.usable)).sort();
}

/** The `/model list` text: numbered allowed models with aliases, the current one marked. @throws STORE_PARSE_FAILED */
export async function renderModelList(world: World, current: string): Promise<string> {
  const list = listAllowedModels(world.loaded.config, world.agentId);
  const store = await readStore(world.ctx, world.agentId);
  const lines = ['Models:'];
  for (const m of list) {
    const alias = m.alias ? ` (${m.alias})` : '';
    lines.push(`  ${m.n}. ${m.ref}${alias}${m.ref === current ? '  <- current' : ''}`);
  }
  if (!list.some((m) => m.ref === current)) lines.push(`  current: ${current}`);
  const usable = usableProviders(
    world,
    store,
    list.map((m) => m.ref),
  );
  lines.push(`Providers with a usable credential: ${usable.length > 0 ? usable.join(', ') : 'none'}`);
  lines.push('Switch: /model <n> | /model <alias> | /model <provider/model>[@<profileId>]');
  return lines.join('\n');
}

function candidateLine(c: Candidate, i: number, next: string | undefined): string {
  const facts = [c.type, c.source];
  if (c.expires) facts.push(`expires ${iso(c.expires)}`);
  facts.push(c.usable ? 'usable' : `${c.reason ?? 'unusable'}${c.until ? ` until ${iso(c.until)}` : ''}`);
  if (c.pinned) facts.push(`pinned (${c.pinned})`);
  const mark = c.id === next ? '  <- next' : '';
  return `  ${i + 1}. ${c.id}  ${facts.join(', ')}  #${c.fingerprint}${mark}`;
}

/** The `/model status` text: model, API, base URL, candidates, which goes next and why. @throws STORE_PARSE_FAILED */
export async function renderModelStatus(
  world: World,
  ref: string,
  entry: SessionEntry | undefined,
  pin: Pin | undefined,
): Promise<string> {
  const { provider } = splitModelRef(ref);
  const store = await readStore(world.ctx, world.agentId);
  const endpoint = resolveEndpoint(world.ctx, world.loaded.config, provider);
  const lines = [`Model: ${ref}${entry?.modelOverride ? ' (session override)' : ' (default)'}`];
  lines.push(
    endpoint
      ? `API: ${endpoint.api} at ${endpoint.baseUrl} (${endpoint.baseUrlSource === 'default' ? 'default base URL' : `base URL from ${endpoint.baseUrlSource}`})`
      : `API: none known for ${provider}`,
  );
  const applies = pin && store.store.profiles[pin.profileId]?.provider.trim().toLowerCase() === provider;
  const plan = planProvider(world, store, provider, applies ? pin : undefined, entry);
  lines.push(`Credentials for ${provider} (order: ${plan.resolution.orderSource}):`);
  const next = plan.tryList[0]?.id;
  const shown = plan.resolution.candidates;
  if (shown.length === 0) lines.push('  none');
  shown.forEach((c, i) => {
    lines.push(candidateLine(c, i, next));
  });
  lines.push(`Next: ${next ?? 'none'} (${plan.why})`);
  if (entry?.sessionId) lines.push(`Session: ${entry.sessionId}`);
  return lines.join('\n');
}
