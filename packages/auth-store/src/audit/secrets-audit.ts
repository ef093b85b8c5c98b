import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  OAUTH_ENV_VARS,
  PROVIDER_ENV_VARS,
  type RuntimeContext,
  readDotenvFile,
  resolveStateDir,
} from '@clawdbot-auth/env-loader';
import { resolveSecretRefs, type SecretsConfig } from '@clawdbot-auth/secrets';
import { profileSource } from '../policy/candidates.js';
import { displayFingerprint } from '../policy/redact.js';
import { migrateCommand, plaintextFields, secretRefOf } from '../policy/secret-ref.js';
import { readStore } from '../store/read-store.js';

/** One thing `secrets audit` reports; never the secret, only where it is and its fingerprint. */
export interface AuditFinding {
  code:
    | 'PLAINTEXT_IN_STORE'
    | 'PLAINTEXT_IN_CONFIG'
    | 'PLAINTEXT_IN_DOTENV'
    | 'REF_SHADOWS_PLAINTEXT'
    | 'LOOSE_PERMISSIONS'
    | 'UNRESOLVED_REF';
  /** the file it is in */
  path: string;
  /** profile id, config path or variable name */
  where: string;
  message: string;
  fingerprint?: string;
  /** the command that fixes it */
  fix: string;
}

export interface SecretsAudit {
  findings: AuditFinding[];
  /** how many references resolved / were checked (exec ones only with `allowExec`) */
  refs: { checked: number; unresolved: number; skippedExec: number };
}

export interface AuditInput {
  ctx: RuntimeContext;
  agentId: string;
  config: {
    models?: { providers?: Record<string, { apiKey?: unknown } | undefined> };
    env?: unknown;
    secrets?: SecretsConfig;
  };
  configPath: string;
  /** run exec resolvers (they may have side effects; upstream's --allow-exec) */
  allowExec: boolean;
}

/** A config value written as `${VAR}` names a variable; the secret is not in the file. */
const isEnvReference = (value: string) => /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim());

const SECRET_VARS = new Set([...Object.values(PROVIDER_ENV_VARS).flat(), ...OAUTH_ENV_VARS]);

async function loosePermissions(file: string, dir: boolean): Promise<AuditFinding | undefined> {
  if (process.platform === 'win32') return undefined;
  const st = await stat(file).catch(() => undefined);
  if (!st || (st.mode & 0o077) === 0) return undefined;
  const want = dir ? '700' : '600';
  return {
    code: 'LOOSE_PERMISSIONS',
    path: file,
    where: dir ? 'directory' : 'file',
    message: `mode ${(st.mode & 0o777).toString(8)} lets other users read it`,
    fix: `chmod ${want} ${file}`,
  };
}

function storeFindings(
  storePath: string,
  agentId: string,
  profiles: Record<string, import('../schema.js').Credential>,
): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const [id, cred] of Object.entries(profiles)) {
    const fields = plaintextFields(cred);
    if (fields.length === 0) continue;
    const shadowed = secretRefOf(cred) !== undefined;
    out.push({
      code: shadowed ? 'REF_SHADOWS_PLAINTEXT' : 'PLAINTEXT_IN_STORE',
      path: storePath,
      where: id,
      message: shadowed
        ? `${fields.join(', ')} still in the file although its reference wins`
        : `${cred.type} ${fields.join(' and ')} in plaintext`,
      fingerprint: displayFingerprint(cred),
      fix:
        cred.type === 'oauth' && profileSource(id) !== 'store'
          ? 'none: it mirrors the Claude Code / Codex login file'
          : shadowed
            ? `delete "${fields.join('", "')}" from ${id} in the file: the reference is what requests use`
            : migrateCommand(agentId),
    });
  }
  return out;
}

function configFindings(input: AuditInput): AuditFinding[] {
  const out: AuditFinding[] = [];
  for (const [p, entry] of Object.entries(input.config.models?.providers ?? {})) {
    const key = entry?.apiKey;
    if (typeof key === 'string' && key.trim() !== '' && !isEnvReference(key)) {
      out.push({
        code: 'PLAINTEXT_IN_CONFIG',
        path: input.configPath,
        where: `models.providers.${p}.apiKey`,
        message: 'API key in plaintext',
        fix: `move it to a profile (clawdbot models auth paste-token --provider ${p} --storage keyring) or use \${VAR}`,
      });
    }
  }
  const env = (input.config.env ?? {}) as Record<string, unknown>;
  const vars = {
    ...(typeof env.vars === 'object' && env.vars ? (env.vars as Record<string, unknown>) : {}),
    ...env,
  };
  for (const [name, value] of Object.entries(vars)) {
    if (SECRET_VARS.has(name) && typeof value === 'string' && value.trim() !== '' && !isEnvReference(value)) {
      out.push({
        code: 'PLAINTEXT_IN_CONFIG',
        path: input.configPath,
        where: `env ${name}`,
        message: `${name} in plaintext in the config env block`,
        fix: 'store it as a profile in the keyring, or reference it (docs/secrets.md)',
      });
    }
  }
  return out;
}

async function dotenvFindings(input: AuditInput): Promise<AuditFinding[]> {
  const files = [
    ...new Set([path.join(input.ctx.cwd, '.env'), path.join(resolveStateDir(input.ctx), '.env')]),
  ];
  const out: AuditFinding[] = [];
  for (const file of files) {
    const parsed = await readDotenvFile(file);
    for (const [name, value] of Object.entries(parsed.vars)) {
      if (!SECRET_VARS.has(name) || value.trim() === '') continue;
      out.push({
        code: 'PLAINTEXT_IN_DOTENV',
        path: file,
        where: name,
        message: `${name} in plaintext`,
        fix: 'store it as a profile in the keyring (clawdbot models auth paste-token --storage keyring), then delete the line',
      });
    }
    if (parsed.exists) {
      const loose = await loosePermissions(file, false);
      if (loose) out.push(loose);
    }
  }
  return out;
}

/**
 * Plaintext secrets at rest (store, config, `.env`), references that do not resolve or leave
 * plaintext behind, and files others can read. Reads only; exec resolvers run only with
 * `allowExec`.
 * @throws STORE_PARSE_FAILED
 */
export async function auditSecrets(input: AuditInput): Promise<SecretsAudit> {
  const view = await readStore(input.ctx, input.agentId);
  const findings = [...storeFindings(view.path, view.agentId, view.store.profiles), ...configFindings(input)];
  findings.push(...(await dotenvFindings(input)));
  for (const [file, dir] of [
    [view.path, false],
    [input.configPath, false],
    [path.dirname(view.path), true],
  ] as const) {
    const loose = await loosePermissions(file, dir);
    if (loose) findings.push(loose);
  }
  const ids: string[] = [];
  const refs = [];
  let skippedExec = 0;
  for (const [id, cred] of Object.entries(view.store.profiles)) {
    const ref = secretRefOf(cred);
    if (!ref) continue;
    if (ref.source === 'exec' && !input.allowExec) skippedExec += 1;
    else {
      ids.push(id);
      refs.push(ref);
    }
  }
  const outcomes = await resolveSecretRefs({ ctx: input.ctx, secrets: input.config.secrets }, refs);
  let unresolved = 0;
  outcomes.forEach((o, i) => {
    if (o.ok) return;
    unresolved += 1;
    findings.push({
      code: 'UNRESOLVED_REF',
      path: view.path,
      where: ids[i] as string,
      message: o.reason,
      fix: 'fix secrets.providers in the config or the resolver, then run: clawdbot secrets audit --check',
    });
  });
  return { findings, refs: { checked: refs.length, unresolved, skippedExec } };
}

/** `secrets audit --check` exit code: 2 unresolved references, 1 any other finding, else 0. */
export function auditExitCode(audit: SecretsAudit): 0 | 1 | 2 {
  if (audit.refs.unresolved > 0) return 2;
  return audit.findings.length > 0 ? 1 : 0;
}
