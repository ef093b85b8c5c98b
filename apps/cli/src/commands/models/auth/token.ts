import { BaseCommand } from '../../../base-command.js';
import { agentFlag, minValidFlag, profileIdFlag, providerFlag } from '../../../flags.js';
import type { TokenDocument } from '../../../services/broker/issue.js';

export default class AuthToken extends BaseCommand {
  static override description =
    "Prints the credential a request would use (the resolver's winner for --provider, or the profile named by --profile-id): an API key, a static token, or an OAuth access token valid for at least --min-valid, refreshed first under the per-login lock when it would expire sooner. stdout carries only the token (or, with --json, {token, type, profileId, expiresAt}); the refresh token is never printed. Each hand-out is recorded in the auth event journal.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    'curl -H "x-api-key: $(<%= config.bin %> <%= command.id %> --provider anthropic)" https://api.anthropic.com/v1/models',
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:claude-cli --min-valid 30m --json',
  ];
  static override flags = {
    agent: agentFlag,
    'min-valid': minValidFlag,
    'profile-id': profileIdFlag,
    provider: providerFlag,
  };
  static override summary = 'Print the credential a request would use.';

  async run(): Promise<TokenDocument> {
    const { flags } = await this.parse(AuthToken);
    const { authToken } = await import('../../../runners.js');
    return (await this.runRunner(authToken, flags)) as TokenDocument;
  }
}
