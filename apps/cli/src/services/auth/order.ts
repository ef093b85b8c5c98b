import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';

export interface OrderResult {
  agentId: string;
  agentDir: string;
  provider: string;
  /** shown with ~ (as upstream does in JSON too) */
  authStorePath: string;
  order: string[] | null;
  /**
   * ours: what a request would try now, in order (profiles, then the provider's environment
   * variable, then a config key), and where the profile order comes from
   */
  effective: { source: string; ids: string[]; env: string[] };
}

async function effectiveOrder(env: CliEnvironment, provider: string): Promise<OrderResult['effective']> {
  const { resolveForAgent } = await import('@clawdbot-auth/credentials');
  const { resolution, usable } = await resolveForAgent(env, env.agentId, provider);
  return {
    source: resolution.orderSource,
    ids: usable.map((c) => c.id),
    env: usable.filter((c) => c.kind !== 'profile').map((c) => c.id),
  };
}

/** `order get`: the per-agent override and the effective order. @throws STORE_PARSE_FAILED */
export async function getOrder(env: CliEnvironment, provider: string): Promise<OrderResult> {
  const { readStore, resolveAgentDir } = await import('@clawdbot-auth/auth-store');
  const view = await readStore(env.ctx, env.agentId);
  const entry = Object.entries(view.store.order ?? {}).find(([p]) => p.toLowerCase() === provider);
  return {
    agentId: env.agentId,
    agentDir: resolveAgentDir(env.ctx, env.agentId),
    provider,
    authStorePath: displayPath(env.ctx.homedir, view.path),
    order: entry?.[1]?.length ? [...entry[1]] : null,
    effective: await effectiveOrder(env, provider),
  };
}

/** `order set`. @throws PROFILE_NOT_FOUND, PROFILE_PROVIDER_MISMATCH, STORE_PARSE_FAILED */
export async function setProviderOrder(
  env: CliEnvironment,
  provider: string,
  ids: string[],
): Promise<OrderResult> {
  const { setOrder } = await import('@clawdbot-auth/auth-store');
  await setOrder(env.ctx, env.agentId, provider, ids);
  return getOrder(env, provider);
}

/**
 * Put a profile first in the agent's order of its provider (`login --set-default`): the others
 * keep the order the resolver uses now. @throws PROFILE_NOT_FOUND, STORE_PARSE_FAILED
 */
export async function setDefaultProfile(
  env: CliEnvironment,
  provider: string,
  profileId: string,
): Promise<OrderResult> {
  const now = await effectiveOrder(env, provider);
  return setProviderOrder(env, provider, [profileId, ...now.ids.filter((id) => id !== profileId)]);
}

/** `order clear`; with no override to clear nothing is written (not even folders). @throws STORE_PARSE_FAILED */
export async function clearProviderOrder(env: CliEnvironment, provider: string): Promise<OrderResult> {
  const before = await getOrder(env, provider);
  if (before.order === null) return before;
  const { clearOrder } = await import('@clawdbot-auth/auth-store');
  await clearOrder(env.ctx, env.agentId, provider);
  return getOrder(env, provider);
}

const SOURCE_LABEL: Record<string, string> = {
  store: 'the per-agent override',
  config: 'config auth.order',
  profiles: 'config auth.profiles',
  stored: 'stored profiles, round robin',
  none: 'no profiles',
};

/** Text lines of an order result; `withFile` for `get`. */
export function renderOrder(r: OrderResult, mode: 'get' | 'set' | 'clear'): string {
  const lines = [`Agent: ${r.agentId}`, `Provider: ${r.provider}`];
  if (mode === 'get') lines.push(`Auth file: ${r.authStorePath}`);
  if (mode === 'clear') lines.push('Cleared per-agent order override.');
  else lines.push(`Order override: ${r.order?.length ? r.order.join(', ') : '(none)'}`);
  const profiles = r.effective.ids.length > r.effective.env.length;
  const from = [
    ...(profiles ? [SOURCE_LABEL[r.effective.source] ?? r.effective.source] : []),
    ...r.effective.env.map((id) =>
      id.startsWith('models.providers.') ? `config ${id}` : `environment ${id}`,
    ),
  ].join(', then ');
  lines.push(
    r.effective.ids.length
      ? `Effective order: ${r.effective.ids.join(', ')} (from ${from})`
      : 'Effective order: (none: no usable credential)',
  );
  return lines.join('\n');
}
