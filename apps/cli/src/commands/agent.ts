import type { TurnResult } from '@clawdbot-auth/model-runtime';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { agentFlag, modelTimeoutFlag, sessionFlag, timeoutOption } from '../flags.js';

export default class Agent extends BaseCommand {
  static override description =
    "Sends one message to the agent's model with the credential the resolver picks, and prints the reply. A message made only of directives (/model list, /model 2, /model opus@anthropic:work, /model status, /new, /reset) changes the session and prints their acknowledgement instead. On failure the next credential of the provider is tried, then the fallback models; when everything fails, the error lists each candidate and why.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --message "Hello"',
    '<%= config.bin %> <%= command.id %> --message "/model opus@anthropic:work"',
    '<%= config.bin %> <%= command.id %> --message "/model status" --session agent:main:work',
    '<%= config.bin %> <%= command.id %> --message "Hi" --model openai/gpt-5.2 --json',
  ];
  static override flags = {
    agent: agentFlag,
    message: Flags.string({
      char: 'm',
      description: 'The message (or directives) to send.',
      helpValue: '<text>',
      required: true,
    }),
    model: Flags.string({
      description: 'Model for this turn only: alias or provider/model, optionally @<profileId>.',
      helpValue: '<ref>',
    }),
    session: sessionFlag,
    timeout: modelTimeoutFlag,
  };
  static override summary = 'Send one message to the model and print the reply.';

  async run(): Promise<TurnResult> {
    const { flags } = await this.parse(Agent);
    const env = await this.environment(flags.agent);
    const { runTurn } = await import('@clawdbot-auth/model-runtime');
    const result = await runTurn(env.ctx, {
      agentId: env.agentId,
      message: flags.message,
      loaded: env.loaded,
      io: { warn: (l) => this.out.warn(l), info: (l) => this.out.info(l) },
      ...(flags.session ? { sessionKey: flags.session } : {}),
      ...(flags.model ? { model: flags.model } : {}),
      ...timeoutOption(flags.timeout),
    });
    if (!this.jsonEnabled()) {
      if (result.ack) this.out.result(result.ack);
      if (result.reply !== undefined) this.out.result(result.reply);
    }
    return result;
  }
}
