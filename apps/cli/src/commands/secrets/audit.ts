import type { SecretsAudit } from '@clawdbot-auth/auth-store';
import { setExitCode } from '@clawdbot-auth/command-kit';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { agentFlag } from '../../flags.js';

export default class SecretsAuditCommand extends BaseCommand {
  static override description =
    `Looks for secrets at rest in plaintext: keys and tokens in the agent's auth-profiles.json, API keys in clawdbot.json, provider variables in .env files; references (keyRef/tokenRef) that do not resolve or leave a plaintext copy behind; files other users can read. Prints where each one is, its fingerprint and the command that fixes it, never the secret. Exec resolvers run only with --allow-exec.

--check sets the exit code: 0 nothing found, 1 findings, 2 a reference does not resolve.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --check --json',
    '<%= config.bin %> <%= command.id %> --allow-exec --agent work',
  ];
  static override flags = {
    agent: agentFlag,
    'allow-exec': Flags.boolean({
      description: 'Run exec resolvers to check that their references resolve.',
    }),
    check: Flags.boolean({ description: 'Exit 1 on findings, 2 on unresolved references.' }),
  };
  static override summary = 'Find plaintext secrets at rest and unresolved references.';

  async run(): Promise<SecretsAudit> {
    const { flags } = await this.parse(SecretsAuditCommand);
    const env = await this.environment(flags.agent);
    const { auditExitCode } = await import('@clawdbot-auth/auth-store');
    const { renderAudit, runSecretsAudit } = await import('../../services/secrets/audit.js');
    const audit = await runSecretsAudit(env, flags['allow-exec']);
    if (flags.check) setExitCode(auditExitCode(audit));
    if (!this.jsonEnabled()) this.out.result(renderAudit(env, audit));
    return audit;
  }
}
