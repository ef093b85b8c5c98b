import { BaseCommand } from '../../../base-command.js';
import { agentFlag, normalizeProvider, providerFlag } from '../../../flags.js';
import type { ProfileList } from '../../../services/auth/profiles.js';

export default class AuthList extends BaseCommand {
  static override description =
    "Lists the profiles of the agent's store (or of one provider) with type, source, status, expiry, cooldown and fingerprint. Secrets are never shown. The --json document is described by schemas/models-auth-list.schema.json (docs/authentication.md).";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    '<%= config.bin %> <%= command.id %> --agent work --json',
  ];
  static override flags = { agent: agentFlag, provider: providerFlag };
  static override summary = 'List stored auth profiles.';

  async run(): Promise<ProfileList> {
    const { flags } = await this.parse(AuthList);
    const env = await this.environment(flags.agent);
    const svc = await import('../../../services/auth/profiles.js');
    const { formatDuration } = await import('../../../services/status/text.js');
    const list = await svc.listProfiles(env, {
      ...(flags.provider ? { provider: normalizeProvider(flags.provider) } : {}),
    });
    if (!this.jsonEnabled()) this.out.result(svc.renderProfileList(env, list, formatDuration));
    return list;
  }
}
