import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { agentFlag, providerFlag, sessionFlag } from '../../../flags.js';
import type { ExplainResult } from '../../../services/auth/explain.js';

export default class AuthExplain extends BaseCommand {
  static override description =
    "Shows the resolver's decision for the next request: the candidates in order and where that order comes from (session pin, auth.order, stored order, config profiles, round robin), each exclusion with its reason code and time left, the winner, and what a 429, a 401 and a billing error on the winner would do. Sends nothing, writes nothing, never shows a secret.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --provider openai --json',
    '<%= config.bin %> <%= command.id %> --model anthropic/claude-sonnet-4-5 --session agent:main:work',
  ];
  static override flags = {
    agent: agentFlag,
    model: Flags.string({
      description: 'Model ref (provider/model); default the session model.',
      helpValue: '<ref>',
    }),
    provider: providerFlag,
    session: sessionFlag,
  };
  static override summary = 'Explain which credential the next request uses, and why.';

  async run(): Promise<ExplainResult> {
    const { flags } = await this.parse(AuthExplain);
    const env = await this.environment(flags.agent);
    const svc = await import('../../../services/auth/explain.js');
    const result = await svc.explainAuth(env, {
      model: flags.model,
      provider: flags.provider,
      session: flags.session,
    });
    if (!this.jsonEnabled()) this.out.result(svc.renderExplain(result));
    return result;
  }
}
