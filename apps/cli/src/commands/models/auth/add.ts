import { BaseCommand } from '../../../base-command.js';
import { agentFlag } from '../../../flags.js';
import type { AddResult } from '../../../services/auth/add.js';

export default class AuthAdd extends BaseCommand {
  static override description =
    `Asks for a provider, then a method (API key, pasted token, a login, setup-token) and stores the credential. Needs a terminal; without one it lists the non-interactive commands.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --agent work',
  ];
  static override flags = { agent: agentFlag };
  static override summary = 'Add a credential interactively.';

  async run(): Promise<AddResult> {
    const { flags } = await this.parse(AuthAdd);
    const env = await this.environment(flags.agent);
    const { interactiveAdd } = await import('../../../services/auth/add.js');
    const r = await interactiveAdd(env, this.config, (l) => this.out.info(l));
    if (!this.jsonEnabled()) this.out.result(`Auth profile: ${r.profileId} (${r.provider}/${r.method})`);
    return r;
  }
}
