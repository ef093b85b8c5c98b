import path from 'node:path';
import { PROVIDER_ENV_VARS, tildify, updateConfig } from '../deps.js';
import { ensureDotenvVar, isPlainValue } from '../dotenv-write.js';
import { type DoctorState, isRecord } from '../state.js';
import type { Finding, Repair } from '../types.js';

/** Known key prefixes (Anthropic, OpenAI, OpenRouter, Google, Groq, xAI, GitHub, Slack...). */
const SECRET_PATTERN = /^(sk-|sk_|AIza|gsk_|xai-|ghp_|gho_|github_pat_|xox[abp]-|pplx-|hf_)/;
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;
const CREDENTIAL_FIELDS = ['key', 'token', 'access', 'refresh', 'apiKey'];

const isReference = (v: string) => /\$\{[A-Z0-9_]+\}/.test(v);
const envNameFor = (provider: string) =>
  PROVIDER_ENV_VARS[provider]?.[0] ?? `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
const ref = (name: string) => `\${${name}}`;

/** Moves a literal into `<state>/.env`, then rewrites the config entry (`edit`) through updateConfig. */
function moveRepair(
  state: DoctorState,
  where: string,
  name: string,
  value: string,
  edit: (raw: Record<string, unknown>) => void,
): Repair | undefined {
  if (!isPlainValue(value)) return undefined;
  const dotenv = path.join(state.stateDir, '.env');
  return {
    describe: `moved ${where} to ${tildify(state.ctx, dotenv)} as ${name}`,
    safe: true,
    apply: async () => {
      await ensureDotenvVar(dotenv, name, value);
      await updateConfig(state.ctx, edit);
    },
  };
}

function pathGet(raw: Record<string, unknown>, keys: string[]): Record<string, unknown> | undefined {
  let cur: unknown = raw;
  for (const k of keys) cur = isRecord(cur) ? cur[k] : undefined;
  return isRecord(cur) ? cur : undefined;
}

function finding(file: string, where: string, name: string): Finding {
  return {
    id: 'env.secret-in-config',
    severity: 'warn',
    section: 'environment',
    file,
    message: `${where} holds a literal secret in the config file (anyone who can read or back up the config has it)`,
    fix: `move it to ~/.clawdbot/.env as ${name}=<value> and write "\${${name}}" in the config`,
  };
}

function providerKeys(state: DoctorState, file: string, raw: Record<string, unknown>): Finding[] {
  const models = raw['models'];
  const providers = isRecord(models) && isRecord(models['providers']) ? models['providers'] : {};
  const out: Finding[] = [];
  for (const [provider, entry] of Object.entries(providers)) {
    const key = isRecord(entry) ? entry['apiKey'] : undefined;
    if (typeof key !== 'string' || key.trim() === '' || isReference(key)) continue;
    const name = envNameFor(provider);
    const where = `models.providers.${provider}.apiKey`;
    const f = finding(file, where, name);
    // Only when ${NAME} would resolve to this same key: never change which key is used.
    const effective = state.ctx.env[name];
    const repair =
      effective === undefined || effective === key
        ? moveRepair(state, where, name, key, (r) => {
            const entry = pathGet(r, ['models', 'providers', provider]);
            if (entry && entry['apiKey'] === key) entry['apiKey'] = ref(name);
          })
        : undefined;
    out.push(repair ? { ...f, repair, fix: 'clawdbot doctor --yes' } : f);
  }
  return out;
}

function envBlock(state: DoctorState, file: string, raw: Record<string, unknown>): Finding[] {
  const env = raw['env'];
  if (!isRecord(env)) return [];
  const entries: [string, unknown, string][] = Object.entries(env)
    .filter(([k]) => k !== 'shellEnv' && k !== 'vars')
    .map(([k, v]) => [k, v, `env.${k}`]);
  if (isRecord(env['vars'])) {
    for (const [k, v] of Object.entries(env['vars'])) entries.push([k, v, `env.vars.${k}`]);
  }
  const out: Finding[] = [];
  for (const [name, v, where] of entries) {
    if (typeof v !== 'string' || isReference(v) || !looksSecret(name, v)) continue;
    // <state>/.env ranks above the config env block, so moving the value keeps what is used.
    const repair = moveRepair(state, where, name, v, (r) => {
      const holder = where.startsWith('env.vars.') ? pathGet(r, ['env', 'vars']) : pathGet(r, ['env']);
      if (holder && holder[name] === v) delete holder[name];
    });
    const f = finding(file, where, name);
    out.push(repair ? { ...f, repair, fix: 'clawdbot doctor --yes' } : f);
  }
  return out;
}

function looksSecret(name: string, value: string): boolean {
  return SECRET_PATTERN.test(value.trim()) || (SECRET_NAME.test(name) && value.trim().length >= 8);
}

function routingSecrets(file: string, raw: Record<string, unknown>): Finding[] {
  const auth = raw['auth'];
  const profiles = isRecord(auth) && isRecord(auth['profiles']) ? auth['profiles'] : {};
  const out: Finding[] = [];
  for (const [id, entry] of Object.entries(profiles)) {
    if (!isRecord(entry)) continue;
    for (const field of CREDENTIAL_FIELDS.filter((f) => typeof entry[f] === 'string')) {
      out.push({
        ...finding(file, `auth.profiles["${id}"].${field}`, envNameFor(id.split(':')[0] ?? id)),
        fix: `remove auth.profiles["${id}"].${field} from the config; store the credential with: clawdbot models auth paste-token --provider ${id.split(':')[0]}`,
      });
    }
  }
  return out;
}

/** env.secret-in-config: literal secrets in clawdbot.json instead of `${VAR}` references. */
export function configSecretFindings(
  state: DoctorState,
  file: string,
  raw: Record<string, unknown>,
): Finding[] {
  return [...providerKeys(state, file, raw), ...envBlock(state, file, raw), ...routingSecrets(file, raw)];
}
