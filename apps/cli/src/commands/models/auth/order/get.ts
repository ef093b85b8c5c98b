import { BaseCommand } from '../../../../base-command.js';
import { agentFlag, requiredProviderFlag } from '../../../../flags.js';
import type { OrderResult } from '../../../../services/auth/order.js';

export default class AuthOrderGet extends BaseCommand {
  static override description =
    'Shows the per-agent order override of a provider (`models auth order set`) and the order the resolver would use now, with where it comes from.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    '<%= config.bin %> <%= command.id %> --provider anthropic --agent work --json',
  ];
  static override flags = {
    agent: agentFlag,
    provider: requiredProviderFlag,
  };
  static override summary = 'Show the profile order of a provider.';

  async run(): Promise<OrderResult> {
    const { flags } = await this.parse(AuthOrderGet);
    const { authOrderGet } = await import('../../../../runners.js');
    return (await this.runRunner(authOrderGet, flags)) as OrderResult;
  }
}
