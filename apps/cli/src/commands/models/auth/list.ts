import { BaseCommand } from '../../../base-command.js';
import { agentFlag, providerFlag } from '../../../flags.js';
import type { ProfileList } from '../../../services/auth/profiles.js';

export default class AuthList extends BaseCommand {
  static override description =
    "Lists the profiles of the agent's store (or of one provider) with type, source, status, expiry, cooldown and fingerprint. Secrets are never shown. The --json document is described by schemas/models-auth-list.schema.json (docs/authentication.md).";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    '<%= config.bin %> <%= command.id %> --agent work --json',
  ];
  static override flags = { agent: agentFlag, provider: providerFlag };
  static override summary = 'List stored auth profiles.';

  async run(): Promise<ProfileList> {
    const { flags } = await this.parse(AuthList);
    const { authList } = await import('../../../runners.js');
    return (await this.runRunner(authList, flags)) as ProfileList;
  }
}
