import type { AuthHealthReport, AuthStore, Resolution } from '@clawdbot-auth/auth-store';
import type { CliEnvironment } from '../../context.js';
import { displayPath } from '../../output.js';
import { buildStatusJson } from './build.js';
import type { ProblemJson, StatusJson } from './types.js';

/** Everything status reads, gathered once; build.ts turns it into the JSON document. */
export interface StatusFacts {
  env: CliEnvironment;
  storePath: string;
  agentDir: string;
  store: AuthStore;
  resolutions: Resolution[];
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

/** Sync Claude Code / Codex into the agent's store (the only write of status), logging to `log`. */
async function syncExternal(env: CliEnvironment, log: (line: string) => void): Promise<ProblemJson[]> {
  const { syncExternalCredentials } = await import('@clawdbot-auth/claude-sync');
  // claude-sync says what it synced ("synced anthropic credentials from claude cli") once, through `log`.
  const result = await syncExternalCredentials({ ...env.ctx, log }, env.agentId);
  return result.problems.map((p) => {
    const path = displayPath(env.ctx.homedir, p.path);
    // claude-sync's messages may already start with the file; say it once.
    const message = p.message.startsWith(`${path}: `)
      ? p.message.slice(path.length + 2)
      : p.message.startsWith(`${p.path}: `)
        ? p.message.slice(p.path.length + 2)
        : p.message;
    return { path, message };
  });
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
  const envLoader = await import('@clawdbot-auth/env-loader');
  const { providersInUse } = await import('@clawdbot-auth/config-migrate');
  const problems = await syncExternal(env, log);
  const view = await store.readStore(env.ctx, env.agentId);
  const now = env.ctx.now();
  for (const issue of view.invalid) {
    problems.push({
      path: displayPath(env.ctx.homedir, view.path),
      message: `${issue.path}: ${issue.message}`,
    });
  }
  const config = env.loaded.config;
  const inUse = providersInUse(config);
  const names = new Set<string>(inUse);
  for (const cred of Object.values(view.store.profiles)) names.add(cred.provider.trim().toLowerCase());
  const envByProvider: StatusFacts['envByProvider'] = new Map();
  for (const provider of Object.keys(envLoader.PROVIDER_ENV_VARS)) {
    const found = envLoader.resolveProviderEnv(env.ctx, env.loaded.env, provider);
    if (found) {
      envByProvider.set(provider, found);
      names.add(provider);
    }
  }
  for (const [p, entry] of Object.entries(config.models?.providers ?? {})) {
    if (typeof (entry as { apiKey?: unknown })?.apiKey === 'string') names.add(p.toLowerCase());
  }
  // Env and file refs are checked (no process starts); exec resolvers run only for --check/--probe.
  const unresolvedRefs = await store.checkProfileRefs({ ctx: env.ctx, secrets: config.secrets }, view.store, {
    exec: opts.resolveExec === true,
  });
  const resolutions = [...names].sort().map((provider) =>
    store.resolveCandidates({
      provider,
      store: view.store,
      inherited: view.inherited,
      config,
      now,
      env: envByProvider.get(provider),
      unresolvedRefs,
    }),
  );
  const report = store.buildAuthHealthReport({ providersInUse: inUse, perProvider: resolutions, now });
  return buildStatusJson({
    env,
    storePath: view.path,
    agentDir: store.resolveAgentDir(env.ctx, env.agentId),
    store: view.store,
    resolutions,
    report,
    envByProvider,
    problems,
    now,
  });
}
