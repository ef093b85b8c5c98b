import { type ClawdbotConfig, loadEnvironment, PROVIDER_ENV_VARS, providersInUse } from '../deps.js';
import type { DoctorState } from '../state.js';
import { isRecord } from '../state.js';
import type { Check, Finding } from '../types.js';
import { configSecretFindings } from './config-secrets.js';

const PROVIDER_VARS = new Set(Object.values(PROVIDER_ENV_VARS).flat());

/** Variables a login shell passes on: enough to start it, plus the switch that turns the import on. */
function shellOnlyEnv(state: DoctorState): Record<string, string | undefined> {
  const e = state.ctx.env;
  const keep = [
    'HOME',
    'PATH',
    'SHELL',
    'USER',
    'LOGNAME',
    'LANG',
    'CLAWDBOT_STATE_DIR',
    'CLAWDBOT_CONFIG_PATH',
  ];
  const env: Record<string, string | undefined> = { CLAWDBOT_LOAD_SHELL_ENV: '1' };
  for (const k of [...keep, 'CLAWDBOT_SHELL_ENV_TIMEOUT_MS']) if (e[k] !== undefined) env[k] = e[k];
  return env;
}

async function inUseVars(state: DoctorState): Promise<Set<string>> {
  const config = (await state.loadedConfig())?.config ?? ({} as ClawdbotConfig);
  return new Set(providersInUse(config).flatMap((p) => PROVIDER_ENV_VARS[p] ?? []));
}

/**
 * env.shell-only (--deep): provider keys that only the login shell sets. A daemon started by
 * systemd or launchd does not run that shell, so it would not see them.
 */
async function shellOnlyFindings(state: DoctorState): Promise<Finding[]> {
  const raw = (await state.loadedConfig())?.raw;
  const ctx = { ...state.ctx, env: shellOnlyEnv(state) };
  const loaded = await loadEnvironment(ctx, { configEnv: isRecord(raw) ? raw['env'] : undefined });
  const out: Finding[] = [];
  if (loaded.shell.error) {
    out.push({
      id: 'env.shell-failed',
      severity: 'warn',
      section: 'environment',
      message: `login shell import failed: ${loaded.shell.error}`,
    });
  }
  const inUse = await inUseVars(state);
  for (const name of loaded.shell.appliedKeys.filter((k) => PROVIDER_VARS.has(k))) {
    out.push({
      id: 'env.shell-only',
      severity: inUse.has(name) ? 'warn' : 'info',
      section: 'environment',
      message: `${name} is set by your login shell only: a daemon started by systemd or launchd will not see it`,
      fix: `add ${name}=<value> to ~/.clawdbot/.env`,
    });
  }
  return out;
}

/** env.dotenv: lines of .env files that could not be parsed (file:line). */
async function dotenvFindings(state: DoctorState): Promise<Finding[]> {
  const { env } = await state.config();
  return env.warnings.map((w) => ({
    id: 'env.dotenv',
    severity: 'warn',
    section: 'environment',
    message: w,
  }));
}

/** environment: .env problems, secrets in the config file, shell-only keys (--deep). */
export const environmentCheck: Check = {
  id: 'environment',
  section: 'environment',
  async run(_ctx, state) {
    const out = await dotenvFindings(state);
    const file = await state.rawConfig();
    if (file) out.push(...configSecretFindings(state, file.path, file.raw));
    if (state.options.deep) out.push(...(await shellOnlyFindings(state)));
    return out;
  },
};
