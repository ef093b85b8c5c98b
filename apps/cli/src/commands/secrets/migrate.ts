import type { SecretMigration } from '@clawdbot-auth/credentials';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { agentFlag } from '../../flags.js';

export default class SecretsMigrateCommand extends BaseCommand {
  static override description =
    `Moves the agent's API keys, tokens and OAuth logins out of auth-profiles.json into the OS keyring (--to keyring), or back (--to file). Each secret is copied, read back, and only then removed from where it was, so the command can be stopped at any moment and run again: nothing is lost, and a finished run is a no-op. The store entry keeps the profile's metadata, the keyring item and a fingerprint (an OAuth login: keyring:<fingerprint> references and its expiry), so status never opens the keyring.

Secrets behind a reference (keyRef/tokenRef) and the Claude Code / Codex mirrors (anthropic:claude-cli, openai-codex:codex-cli) are left as they are and listed. One line per step goes to stderr. --all-agents moves every agent's secrets (main, the config's agents and every agent directory), one agent after the other.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --to keyring',
    '<%= config.bin %> <%= command.id %> --to keyring --agent work --json',
    '<%= config.bin %> <%= command.id %> --to file',
    '<%= config.bin %> <%= command.id %> --to keyring --all-agents',
  ];
  static override flags = {
    agent: agentFlag,
    'all-agents': Flags.boolean({
      description:
        "Every agent's store, one after the other (main, the config's agents, every agent directory).",
      exclusive: ['agent'],
    }),
    to: Flags.string({
      description: 'Where the secrets go: the OS keyring, or the 0600 store file.',
      options: ['keyring', 'file'],
      required: true,
    }),
  };
  static override summary = 'Move secrets between auth-profiles.json and the OS keyring.';

  async run(): Promise<SecretMigration | { agents: SecretMigration[] }> {
    const { flags } = await this.parse(SecretsMigrateCommand);
    const env = await this.environment(flags.agent);
    const svc = await import('../../services/secrets/migrate.js');
    const to = flags.to as 'keyring' | 'file';
    if (!flags['all-agents']) {
      const result = await svc.runSecretsMigrate(env, to, (s) => this.out.info(svc.stepLine(s)));
      if (!this.jsonEnabled()) this.out.result(svc.renderMigrate(env, result));
      return result;
    }
    const agents = await svc.runSecretsMigrateAll(env, to, (agentId, s) =>
      this.out.info(`${agentId}: ${svc.stepLine(s)}`),
    );
    if (!this.jsonEnabled()) this.out.result(svc.renderMigrateAll(env, agents));
    return { agents };
  }
}
