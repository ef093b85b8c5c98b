import { DEFAULT_SHELL_TIMEOUT_MS } from './shell-env.js';

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);
const RESERVED = new Set(['shellEnv', 'vars']);

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Variables of the config `env` block: `env.vars.*`, then every other string-valued key but shellEnv/vars. */
export function collectConfigEnvVars(configEnv: unknown): Record<string, string> {
  const block = asRecord(configEnv);
  if (!block) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(asRecord(block.vars) ?? {})) {
    if (typeof value === 'string') out[name] = value;
  }
  for (const [name, value] of Object.entries(block)) {
    if (RESERVED.has(name) || typeof value !== 'string' || name in out) continue;
    out[name] = value;
  }
  return out;
}

/** True for `1`, `true`, `yes`, `on` (any case, surrounding spaces ignored). */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Whether the login-shell import is on, and its timeout: config first, then the environment. */
export function shellEnvSettings(
  configEnv: unknown,
  env: Record<string, string | undefined>,
): { enabled: boolean; timeoutMs: number } {
  const shellEnv = asRecord(asRecord(configEnv)?.shellEnv);
  const enabled = shellEnv?.enabled === true || isTruthy(env.CLAWDBOT_LOAD_SHELL_ENV);
  const timeoutMs =
    positiveNumber(shellEnv?.timeoutMs) ??
    positiveNumber(env.CLAWDBOT_SHELL_ENV_TIMEOUT_MS) ??
    DEFAULT_SHELL_TIMEOUT_MS;
  return { enabled, timeoutMs };
}
