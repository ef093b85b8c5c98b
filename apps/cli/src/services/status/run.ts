import type { CliEnvironment } from '../../context.js';
import type { ProbeOptions } from './probe-types.js';
import type { StatusJson } from './types.js';

export interface ModelsStatusOptions {
  plain?: boolean;
  probe?: ProbeOptions;
  /** run exec secret resolvers to check refs (`--check`, `--probe`); plain status never does */
  resolveRefs?: boolean;
}

/**
 * `models status`: gather (with sync), optionally probe. `--plain` only resolves the
 * default model and touches no store.
 * @throws STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function runModelsStatus(
  env: CliEnvironment,
  opts: ModelsStatusOptions,
  log: (line: string) => void,
): Promise<StatusJson | string> {
  if (opts.plain) {
    const { resolveModelSettings } = await import('@clawdbot-auth/config-migrate');
    const m = resolveModelSettings(env.loaded.config);
    return m.primary;
  }
  const { collectStatus } = await import('./collect.js');
  const status = await collectStatus(env, log, { resolveExec: opts.resolveRefs === true || !!opts.probe });
  if (opts.probe) {
    const { runProbes } = await import('./probe.js');
    status.probes = await runProbes(env, status, opts.probe, log);
  }
  return status;
}
