import { Args } from '@oclif/core';
import { BaseCommand } from '../../../../base-command.js';
import { agentFlag, normalizeProvider, requiredProviderFlag } from '../../../../flags.js';
import type { OrderResult } from '../../../../services/auth/order.js';

export default class AuthOrderSet extends BaseCommand {
  static override args = {
    profileIds: Args.string({
      description: 'Profile ids in the order to try them.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override description =
    'Sets the per-agent order of a provider. Every id must be a stored profile of that provider; duplicates are dropped. Nothing is written when an id is wrong.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic anthropic:work anthropic:default',
    '<%= config.bin %> <%= command.id %> --provider anthropic --agent work anthropic:work',
  ];
  static override flags = {
    agent: agentFlag,
    provider: requiredProviderFlag,
  };
  static override strict = false;
  static override summary = 'Set the profile order of a provider.';

  async run(): Promise<OrderResult> {
    const { argv, flags } = await this.parse(AuthOrderSet);
    const env = await this.environment(flags.agent);
    const order = await import('../../../../services/auth/order.js');
    const result = await order.setProviderOrder(env, normalizeProvider(flags.provider), argv as string[]);
    if (!this.jsonEnabled()) this.out.result(order.renderOrder(result, 'set'));
    return result;
  }
}
