import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { agentFlag, pickProfileId, requiredProfileIdArg } from '../../../flags.js';
import type { RemoveResult } from '../../../services/auth/remove.js';

export default class AuthLogout extends BaseCommand {
  static override args = { profileId: requiredProfileIdArg };
  static override description =
    `Removes one saved profile of the agent, as \`models auth remove\` does: the store entry, config auth.profiles and every auth.order list naming it (a list left empty is deleted), and the stored order. A login synced from Claude Code or Codex is not imported again, also after that tool refreshes it, until you log in again or turn its sync on (config auth.sync). Asks for confirmation on a terminal; scripts pass --yes (without a terminal and without --yes nothing is removed and the exit status is 1).`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> anthropic:work',
    '<%= config.bin %> <%= command.id %> openai:manual --yes',
    '<%= config.bin %> <%= command.id %> anthropic:claude-cli --agent work --yes --json',
  ];
  static override flags = {
    agent: agentFlag,
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };
  static override summary = 'Log out: remove a saved auth profile (asks first).';

  async run(): Promise<RemoveResult> {
    const { args, flags } = await this.parse(AuthLogout);
    const id = pickProfileId(args.profileId, undefined, 'clawdbot models auth logout <profileId>')!;
    const env = await this.environment(flags.agent);
    const svc = await import('../../../services/auth/remove.js');
    await svc.assertRemovable(env, id);
    const { confirmOrYes } = await import('../../../services/auth/read-secret.js');
    const agent = env.agentId === 'main' ? '' : ` --agent ${env.agentId}`;
    const ok = await confirmOrYes(`Remove auth profile ${id} of agent ${env.agentId}?`, {
      yes: flags.yes,
      command: `clawdbot models auth logout ${id}${agent}`,
    });
    const r = ok
      ? await svc.removeProfileCmd(env, id)
      : { profileId: id, removed: false, tombstone: false, configUpdated: false };
    if (!this.jsonEnabled()) this.out.result(svc.renderRemoved(r));
    if (r.keyringLeft) this.out.warn(`warning: ${r.keyringLeft}`);
    return r;
  }
}
