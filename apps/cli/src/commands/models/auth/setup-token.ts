import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { CliError } from '../../../errors.js';
import { agentFlag, normalizeProvider } from '../../../flags.js';

export default class AuthSetupToken extends BaseCommand {
  static override description =
    `Runs \`claude setup-token\` on this terminal (it needs a TTY and the claude CLI on PATH), then imports the result as anthropic:claude-cli, sets config auth.profiles["anthropic:claude-cli"] to {provider: "anthropic", mode: "oauth"} and prints the profile's status.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --yes',
  ];
  static override flags = {
    agent: agentFlag,
    provider: Flags.string({
      default: 'anthropic',
      description: 'Only anthropic is supported.',
      helpValue: '<name>',
    }),
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };
  static override summary = 'Create a long-lived Claude token with `claude setup-token`.';

  async run(): Promise<{ profileId: string; status: string }> {
    const { flags } = await this.parse(AuthSetupToken);
    if (normalizeProvider(flags.provider) !== 'anthropic') {
      throw new CliError(
        'USAGE',
        `--provider ${flags.provider}: setup-token exists only for anthropic`,
        `Run: clawdbot models auth paste-token --provider ${flags.provider}`,
      );
    }
    const env = await this.environment(flags.agent);
    if (!flags.yes && process.stdin.isTTY) {
      const { confirm } = await import('@inquirer/prompts');
      if (!(await confirm({ message: 'Run `claude setup-token` now?', default: true })))
        return { profileId: '', status: 'cancelled' };
    }
    const { setupTokenAndRoute } = await import('@clawdbot-auth/credentials');
    await setupTokenAndRoute(env.ctx, env.agentId, {
      isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    });
    const { listProfiles } = await import('../../../services/auth/profiles.js');
    const row = (await listProfiles(env)).profiles.find((p) => p.profileId === 'anthropic:claude-cli');
    const { formatDuration } = await import('../../../services/status/text.js');
    const left = row?.remainingMs !== undefined ? ` expires in ${formatDuration(row.remainingMs)}` : '';
    if (!this.jsonEnabled())
      this.out.result(`anthropic:claude-cli ${row?.status ?? 'missing'}${left} (claude-cli)`);
    return { profileId: 'anthropic:claude-cli', status: row?.status ?? 'missing' };
  }
}
