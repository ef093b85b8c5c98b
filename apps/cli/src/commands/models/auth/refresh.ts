import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import {
  agentFlag,
  normalizeProvider,
  pickProfileId,
  profileIdAltFlag,
  profileIdArg,
  providerFlag,
} from '../../../flags.js';
import type { RefreshRow } from '../../../services/auth/refresh.js';

export default class AuthRefresh extends BaseCommand {
  static override args = { profileId: profileIdArg };
  static override description =
    `Refreshes OAuth profiles now, under the same per-login lock a model request takes (so two processes never burn one refresh token). Without --force a token that is still valid is kept. A revoked refresh token marks the profile dead and names the login command to run.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --provider anthropic --force',
    '<%= config.bin %> <%= command.id %> anthropic:claude-cli',
  ];
  static override flags = {
    agent: agentFlag,
    force: Flags.boolean({ description: 'Refresh even when the access token is still valid.' }),
    'profile-id': profileIdAltFlag,
    provider: providerFlag,
  };
  static override summary = 'Refresh OAuth credentials now.';

  async run(): Promise<{ profiles: RefreshRow[] }> {
    const { args, flags } = await this.parse(AuthRefresh);
    const profileId = pickProfileId(args.profileId, flags['profile-id']);
    const env = await this.environment(flags.agent);
    const { refreshProfiles, renderRefreshRow } = await import('../../../services/auth/refresh.js');
    const { formatDuration } = await import('../../../services/status/text.js');
    const result = await refreshProfiles(
      env,
      {
        provider: flags.provider && normalizeProvider(flags.provider),
        profileId,
        force: flags.force,
      },
      (l) => this.out.info(l),
    );
    if (!this.jsonEnabled()) {
      const { claudeCredentialsPath } = await import('@clawdbot-auth/claude-sync');
      for (const r of result.profiles) {
        const line = renderRefreshRow(env, r, formatDuration, claudeCredentialsPath(env.ctx));
        if (line.out) this.out.result(line.out);
        if (line.error) this.out.info(`Error: ${line.error}`);
      }
    }
    const failed = result.profiles.find((r) => r.error);
    if (failed?.error) {
      const { setExitCode, EXIT } = await import('@clawdbot-auth/command-kit');
      setExitCode(EXIT.FAILURE);
    }
    return result;
  }
}
