import type { AuditInput, SecretsAudit } from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from '../../context.js';

/**
 * `secrets audit`: plaintext at rest, references that do not resolve, loose permissions.
 * @throws STORE_PARSE_FAILED
 */
export async function runSecretsAudit(env: CliEnvironment, allowExec: boolean): Promise<SecretsAudit> {
  const { auditSecrets } = await import('@clawdbot-auth/auth-store');
  return auditSecrets({
    ctx: env.ctx,
    agentId: env.agentId,
    // The text as written: `${VAR}` values are references, not plaintext (config holds them substituted).
    config: {
      models: env.loaded.raw.models as AuditInput['config']['models'],
      env: env.loaded.raw.env,
      secrets: env.loaded.config.secrets,
    },
    configPath: env.loaded.path,
    allowExec,
  });
}

/** Text of the audit: one line per finding (file, where, what, fingerprint) and its fix. */
export function renderAudit(env: CliEnvironment, audit: SecretsAudit): string {
  const lines: string[] = [];
  for (const f of audit.findings) {
    const print = f.fingerprint ? ` #${f.fingerprint}` : '';
    lines.push(`- ${f.code} ${displayPath(env.ctx.homedir, f.path)} ${f.where}: ${f.message}${print}`);
    lines.push(`  fix: ${f.fix}`);
  }
  const { checked, unresolved, skippedExec } = audit.refs;
  const skipped = skippedExec ? `, ${skippedExec} exec not run (use --allow-exec)` : '';
  lines.push(`References: ${checked} checked, ${unresolved} unresolved${skipped}`);
  lines.push(
    audit.findings.length ? `${audit.findings.length} finding(s)` : 'No plaintext secrets at rest found.',
  );
  return lines.join('\n');
}
