import { BaseCommand } from '../../../../base-command.js';
import { agentFlag, normalizeProvider, requiredProviderFlag } from '../../../../flags.js';
import type { OrderResult } from '../../../../services/auth/order.js';

export default class AuthOrderClear extends BaseCommand {
  static override description =
    'Removes the per-agent order override of a provider; the config order (or round robin) applies again.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    '<%= config.bin %> <%= command.id %> --provider anthropic --agent work',
  ];
  static override flags = {
    agent: agentFlag,
    provider: requiredProviderFlag,
  };
  static override summary = 'Clear the per-agent profile order of a provider.';

  async run(): Promise<OrderResult> {
    const { flags } = await this.parse(AuthOrderClear);
    const env = await this.environment(flags.agent);
    const order = await import('../../../../services/auth/order.js');
    const result = await order.clearProviderOrder(env, normalizeProvider(flags.provider));
    if (!this.jsonEnabled()) this.out.result(order.renderOrder(result, 'clear'));
    return result;
  }
}
