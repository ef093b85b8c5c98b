import { EnvLoaderError } from './errors.js';

const REFERENCE = /\$?\$\{([A-Z_][A-Z0-9_]*)\}/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(base: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function substituteString(text: string, env: Record<string, string | undefined>, at: string): string {
  return text.replace(REFERENCE, (whole: string, name: string) => {
    if (whole.startsWith('$$')) return whole.slice(1);
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value;
    const where = at === '' ? '' : `${at}: `;
    throw new EnvLoaderError('ENV_VAR_MISSING', `${where}\${${name}} is not set`, {
      hint: `export ${name}=... (or add ${name}=... to ~/.clawdbot/.env), or write $\${${name}} for a literal`,
      ...(at === '' ? {} : { configPath: at }),
      variable: name,
    });
  });
}

/**
 * Returns a copy of `value` with `${NAME}` replaced from `env` in every string; `$${NAME}` is a literal.
 * The input is never modified, so saving the raw config keeps the references.
 * @throws ENV_VAR_MISSING when a referenced variable is missing or empty (message names the config path).
 */
export function substituteEnvVars<T>(value: T, env: Record<string, string | undefined>, basePath = ''): T {
  if (typeof value === 'string') return substituteString(value, env, basePath) as T;
  if (Array.isArray(value)) {
    return value.map((item, i) => substituteEnvVars(item, env, `${basePath}[${i}]`)) as T;
  }
  if (isPlainObject(value)) {
    // fromEntries defines own properties, so a `__proto__` key stays a plain key.
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      substituteEnvVars(item, env, childPath(basePath, key)),
    ]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}
