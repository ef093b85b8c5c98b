import type { AuthHealthReport, AuthStore, Resolution } from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import type { ProviderPicture } from '@clawdbot-auth/credentials';
import type { CliEnvironment } from '../../context.js';
import { buildStatusJson } from './build.js';
import type { ProblemJson, StatusJson } from './types.js';

/** Everything status reads, gathered once; build.ts turns it into the JSON document. */
export interface StatusFacts {
  env: CliEnvironment;
  storePath: string;
  storeBackend: 'file' | 'etcd';
  agentDir: string;
  store: AuthStore;
  resolutions: Resolution[];
  /** credentials' picture of each provider: next used, eligible, reason codes */
  pictures: ProviderPicture[];
  report: AuthHealthReport;
  envByProvider: Map<
    string,
    {
      name: string;
      value: string;
      origin: import('@clawdbot-auth/env-loader').VarOrigin;
      kind: 'oauth' | 'api_key';
    }
  >;
  problems: ProblemJson[];
  now: number;
}

/**
 * Sync Claude Code / Codex into the agent's store (the only write of status), logging to `log`;
 * the store as the sync read it when it wrote nothing (status need not read it again).
 */
async function syncExternal(
  env: CliEnvironment,
  log: (line: string) => void,
): Promise<{ problems: ProblemJson[]; view?: import('@clawdbot-auth/auth-store').StoreView }> {
  const { syncExternalCredentials } = await import('@clawdbot-auth/claude-sync');
  // claude-sync says what it synced ("synced anthropic credentials from claude cli") once, through `log`.
  const result = await syncExternalCredentials({ ...env.ctx, log }, env.agentId);
  const problems = result.problems.map((p) => {
    const path = displayPath(env.ctx.homedir, p.path);
    // claude-sync's messages may already start with the file; say it once.
    const message = p.message.startsWith(`${path}: `)
      ? p.message.slice(path.length + 2)
      : p.message.startsWith(`${p.path}: `)
        ? p.message.slice(p.path.length + 2)
        : p.message;
    return { path, message };
  });
  return result.view ? { problems, view: result.view } : { problems };
}

/**
 * Gather the status of one agent: sync external CLIs, read the store, resolve every
 * provider (in use, stored, or with an env variable) and compute health.
 * @throws STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function collectStatus(
  env: CliEnvironment,
  log: (line: string) => void,
  opts: { resolveExec?: boolean } = {},
): Promise<StatusJson> {
  const store = await import('@clawdbot-auth/auth-store');
  const { inspectAgent } = await import('@clawdbot-auth/credentials');
  const { providersInUse } = await import('@clawdbot-auth/config-migrate');
  const synced = await syncExternal(env, log);
  const problems = synced.problems;
  // Env and file refs are checked (no process starts); exec resolvers run only for --check/--probe.
  const picture = await inspectAgent(env, env.agentId, {
    resolveExec: opts.resolveExec === true,
    ...(synced.view ? { store: synced.view } : {}),
  });
  const view = picture.view;
  const now = picture.now;
  for (const issue of view.invalid) {
    problems.push({
      path: displayPath(env.ctx.homedir, view.path),
      message: `${issue.path}: ${issue.message}`,
    });
  }
  const envByProvider: StatusFacts['envByProvider'] = new Map();
  for (const p of picture.providers) {
    const c = p.candidates.find((x) => x.kind === 'env');
    const value = c ? env.ctx.env[c.id] : undefined;
    if (c?.origin && value !== undefined) {
      const kind = c.type === 'token' ? 'oauth' : 'api_key';
      envByProvider.set(p.provider, { name: c.id, value: value.trim(), origin: c.origin, kind });
    }
  }
  const resolutions = picture.providers.map((p) => p.resolution);
  const inUse = providersInUse(env.loaded.config);
  const report = store.buildAuthHealthReport({ providersInUse: inUse, perProvider: resolutions, now });
  return buildStatusJson({
    env,
    storePath: view.path,
    storeBackend: view.backend,
    agentDir: store.resolveAgentDir(env.ctx, env.agentId),
    store: view.store,
    resolutions,
    pictures: picture.providers,
    report,
    envByProvider,
    problems,
    now,
  });
}
