import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../../base-command.js';
import { agentFlag, normalizeProvider, providerFlag } from '../../../../flags.js';

export default class AuthCooldownClear extends BaseCommand {
  static override description =
    'Clears rate-limit cooldowns and billing disables (usageStats) of one profile, of a provider, or of every profile of the agent.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:work',
    '<%= config.bin %> <%= command.id %> --provider anthropic',
  ];
  static override flags = {
    agent: agentFlag,
    'profile-id': Flags.string({
      description: 'Only this profile.',
      exclusive: ['provider'],
      helpValue: '<id>',
    }),
    provider: providerFlag,
  };
  static override summary = 'Clear cooldowns and billing disables.';

  async run(): Promise<{ cleared: string[] }> {
    const { flags } = await this.parse(AuthCooldownClear);
    const env = await this.environment(flags.agent);
    const { clearCooldowns } = await import('../../../../services/auth/profiles.js');
    const r = await clearCooldowns(env, {
      ...(flags['profile-id'] ? { profileId: flags['profile-id'] } : {}),
      ...(flags.provider ? { provider: normalizeProvider(flags.provider) } : {}),
    });
    if (!this.jsonEnabled()) {
      this.out.result(
        r.cleared.length ? `Cleared cooldowns: ${r.cleared.join(', ')}` : 'No cooldowns to clear.',
      );
    }
    return r;
  }
}
