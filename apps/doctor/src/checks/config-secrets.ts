import { isRecord } from '../state.js';
import type { Finding } from '../types.js';

/** Known key prefixes (Anthropic, OpenAI, OpenRouter, Google, Groq, xAI, GitHub, Slack...). */
const SECRET_PATTERN = /^(sk-|sk_|AIza|gsk_|xai-|ghp_|gho_|github_pat_|xox[abp]-|pplx-|hf_)/;
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;
const CREDENTIAL_FIELDS = ['key', 'token', 'access', 'refresh', 'apiKey'];

const isReference = (v: string) => /\$\{[A-Z0-9_]+\}/.test(v);
const envNameFor = (provider: string) => `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;

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

function providerKeys(file: string, raw: Record<string, unknown>): Finding[] {
  const models = raw['models'];
  const providers = isRecord(models) && isRecord(models['providers']) ? models['providers'] : {};
  const out: Finding[] = [];
  for (const [provider, entry] of Object.entries(providers)) {
    const key = isRecord(entry) ? entry['apiKey'] : undefined;
    if (typeof key === 'string' && key.trim() !== '' && !isReference(key)) {
      out.push(finding(file, `models.providers.${provider}.apiKey`, envNameFor(provider)));
    }
  }
  return out;
}

function envBlock(file: string, raw: Record<string, unknown>): Finding[] {
  const env = raw['env'];
  if (!isRecord(env)) return [];
  const entries: [string, unknown, string][] = Object.entries(env)
    .filter(([k]) => k !== 'shellEnv' && k !== 'vars')
    .map(([k, v]) => [k, v, `env.${k}`]);
  if (isRecord(env['vars'])) {
    for (const [k, v] of Object.entries(env['vars'])) entries.push([k, v, `env.vars.${k}`]);
  }
  return entries
    .filter(([name, v]) => typeof v === 'string' && !isReference(v) && looksSecret(name, v))
    .map(([name, , where]) => finding(file, where, name));
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
export function configSecretFindings(file: string, raw: Record<string, unknown>): Finding[] {
  return [...providerKeys(file, raw), ...envBlock(file, raw), ...routingSecrets(file, raw)];
}
