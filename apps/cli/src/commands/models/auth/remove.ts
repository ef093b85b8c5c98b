import { BaseCommand } from '../../../base-command.js';
import { agentFlag, pickProfileId, profileIdAltFlag, profileIdArg } from '../../../flags.js';
import type { RemoveResult } from '../../../services/auth/remove.js';

export default class AuthRemove extends BaseCommand {
  static override args = { profileId: profileIdArg };
  static override description =
    `Removes a profile from the agent's store (with its stored order, cooldowns and last-good mark) and from config auth.profiles / auth.order. A profile synced from Claude Code or Codex is remembered as removed (a tombstone with the grant's fingerprint) and is not imported again, also after that tool refreshes it, until you log in again or turn its sync on (config auth.sync). Does not ask: \`models auth logout\` is the same with a confirmation.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> anthropic:work',
    '<%= config.bin %> <%= command.id %> anthropic:claude-cli --agent work --json',
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:work',
  ];
  static override flags = { agent: agentFlag, 'profile-id': profileIdAltFlag };
  static override summary = 'Remove an auth profile.';

  async run(): Promise<RemoveResult> {
    const { args, flags } = await this.parse(AuthRemove);
    const id = pickProfileId(args.profileId, flags['profile-id'], 'clawdbot models auth remove <profileId>');
    const env = await this.environment(flags.agent);
    const { removeProfileCmd, renderRemoved } = await import('../../../services/auth/remove.js');
    const r = await removeProfileCmd(env, id!);
    if (!this.jsonEnabled()) this.out.result(renderRemoved(r));
    if (r.keyringLeft) this.out.warn(`warning: ${r.keyringLeft}`);
    return r;
  }
}
