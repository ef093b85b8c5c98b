import type { MigrateResult, StoreStatus } from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';

export type { MigrateResult, StoreStatus };

/** The configured store backend and its health (`models auth store status`). */
export async function readStoreStatus(env: CliEnvironment): Promise<StoreStatus> {
  const { storeStatus } = await import('@clawdbot-auth/auth-store');
  return storeStatus(env.ctx);
}

/** Text of `models auth store status`: one `Label : value` line each, `~` for HOME. */
export function renderStoreStatus(env: CliEnvironment, s: StoreStatus): string {
  const p = (x: string) => displayPath(env.ctx.homedir, x);
  const source = s.source === 'default' ? 'default' : p(s.source);
  const lines: [string, string][] = [
    ['Backend', `${s.backend} (${source})`],
    ['Store', s.backend === 'file' ? p(s.location) : s.location],
  ];
  if (s.backend === 'etcd') {
    lines.push(['Endpoints', (s.endpoints ?? []).join(', ')]);
    const cluster = [
      s.leader === undefined ? 'no leader' : `leader ${s.leader}`,
      `${s.members} member${s.members === 1 ? '' : 's'}`,
      `etcd ${s.version}`,
    ];
    lines.push(['Reachable', s.reachable ? `yes (${cluster.join(', ')})` : 'no']);
    const k = s.keyFile;
    if (k !== undefined) {
      const state = !k.present
        ? 'missing'
        : k.matches === true
          ? 'present, opens the store'
          : k.matches === false
            ? 'present, does NOT open the store'
            : 'present (nothing sealed yet)';
      lines.push(['Key file', `${p(k.path)} (${state})`]);
    }
  }
  const per = s.agents.map((a) => `${a.agentId} ${a.profiles}`).join(', ');
  lines.push(['Profiles', s.reachable === false ? 'unknown' : `${s.profiles}${per ? ` (${per})` : ''}`]);
  const width = Math.max(...lines.map(([l]) => l.length));
  return lines.map(([l, v]) => `${l.padEnd(width)} : ${v}`).join('\n');
}

/**
 * Moves the store (`models auth store migrate`). `url` names the etcd store for this run.
 * @throws the store's errors (STORE_BACKEND_CONFIG for a url that is not etcd+http(s)://...)
 */
export async function migrate(
  env: CliEnvironment,
  opts: { to: 'etcd' | 'file'; url?: string },
): Promise<MigrateResult> {
  const { migrateStore } = await import('@clawdbot-auth/auth-store');
  return migrateStore(env.ctx, opts);
}

/** Text of `models auth store migrate`. */
export function renderMigrate(env: CliEnvironment, r: MigrateResult): string {
  const p = (x: string) => (x.startsWith('/') ? displayPath(env.ctx.homedir, x) : x);
  if (r.agents.length === 0) {
    const lines = [`Nothing to migrate: ${p(r.from)} holds no store (already migrated?).`];
    if (r.configUpdated) lines.push(`${p(r.configUpdated)}: auth.store now selects ${p(r.to)}.`);
    return lines.join('\n');
  }
  const lines = [`Migrated ${p(r.from)} -> ${p(r.to)}:`];
  for (const a of r.agents) {
    lines.push(
      `  ${a.agentId}: ${a.profiles} profile${a.profiles === 1 ? '' : 's'}; source archived as ${p(a.archivedAs)}`,
    );
    for (const id of a.kept)
      lines.push(`    ${id}: the target already held another credential; kept the target's`);
  }
  if (r.configUpdated) lines.push(`${p(r.configUpdated)}: auth.store now selects ${p(r.to)}.`);
  return lines.join('\n');
}
