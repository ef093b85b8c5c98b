import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { agentFlag } from '../../../flags.js';

export default class AuthRemove extends BaseCommand {
  static override description =
    `Removes a profile from the agent's store and from config auth.profiles / auth.order. A profile synced from Claude Code or Codex is remembered as removed (a tombstone with the grant's fingerprint) and is not imported again until that tool holds a different login.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:work',
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:claude-cli',
  ];
  static override flags = {
    agent: agentFlag,
    'profile-id': Flags.string({ description: 'Profile to remove.', helpValue: '<id>', required: true }),
  };
  static override summary = 'Remove an auth profile.';

  async run(): Promise<{ profileId: string; tombstone: boolean; configUpdated: boolean }> {
    const { flags } = await this.parse(AuthRemove);
    const env = await this.environment(flags.agent);
    const { removeProfileCmd } = await import('../../../services/auth/profiles.js');
    const r = await removeProfileCmd(env, flags['profile-id']);
    if (!this.jsonEnabled()) {
      this.out.result(
        `Removed auth profile ${r.profileId}${r.tombstone ? ' (not imported again, also after a token refresh, until you log in again or set auth.sync to true)' : ''}`,
      );
    }
    return r;
  }
}
