import { BaseCommand } from '../../../../base-command.js';
import { CliError } from '../../../../errors.js';
import {
  agentFlag,
  normalizeProvider,
  pickProfileId,
  profileIdAltFlag,
  profileIdArg,
  providerFlag,
} from '../../../../flags.js';

export default class AuthCooldownClear extends BaseCommand {
  static override args = { profileId: profileIdArg };
  static override description =
    'Clears rate-limit cooldowns and billing disables (usageStats) of one profile, of a provider, or of every profile of the agent.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> anthropic:work',
    '<%= config.bin %> <%= command.id %> --provider anthropic',
  ];
  static override flags = {
    agent: agentFlag,
    'profile-id': profileIdAltFlag,
    provider: providerFlag,
  };
  static override summary = 'Clear cooldowns and billing disables.';

  async run(): Promise<{ cleared: string[] }> {
    const { args, flags } = await this.parse(AuthCooldownClear);
    const profileId = pickProfileId(args.profileId, flags['profile-id']);
    if (profileId && flags.provider) {
      throw new CliError(
        'USAGE',
        'give a profile id or --provider, not both',
        'Run: clawdbot models auth cooldown clear --help',
      );
    }
    const env = await this.environment(flags.agent);
    const { clearCooldowns } = await import('../../../../services/auth/profiles.js');
    const r = await clearCooldowns(env, {
      ...(profileId ? { profileId } : {}),
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
