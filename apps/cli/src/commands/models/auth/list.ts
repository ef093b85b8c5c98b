import { BaseCommand } from '../../../base-command.js';
import { agentFlag } from '../../../flags.js';
import type { ProfileList } from '../../../services/auth/profiles.js';

export default class AuthList extends BaseCommand {
  static override description =
    "Lists the profiles of the agent's store with type, source, status, expiry and fingerprint. Secrets are never shown.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --agent work --json',
  ];
  static override flags = { agent: agentFlag };
  static override summary = 'List stored auth profiles.';

  async run(): Promise<ProfileList> {
    const { flags } = await this.parse(AuthList);
    const { authList } = await import('../../../runners.js');
    return (await this.runRunner(authList, flags)) as ProfileList;
  }
}
