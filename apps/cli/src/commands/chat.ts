import { createInterface } from 'node:readline';
import { renderError } from '@clawdbot-auth/command-kit';
import { BaseCommand } from '../base-command.js';
import { agentFlag, modelTimeoutFlag, sessionFlag, timeoutOption } from '../flags.js';

export default class Chat extends BaseCommand {
  static override description =
    "A conversation with the agent's model, one message per line. On a terminal it prompts; otherwise it reads stdin to the end, one turn per line. Lines made only of directives (/model list, /model 2, /model opus@anthropic:work, /model status, /new, /reset) change the session. A failed turn prints its error and the loop goes on; the exit status is 1 when a turn failed. /exit or Ctrl-D ends it.";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --session agent:main:work',
    'printf "/model 2\\nHello\\n" | <%= config.bin %> <%= command.id %>',
  ];
  static override flags = {
    agent: agentFlag,
    session: sessionFlag,
    timeout: modelTimeoutFlag,
  };
  static override summary = 'Chat with the model, one message per line.';

  async run(): Promise<void> {
    const { flags } = await this.parse(Chat);
    const env = await this.environment(flags.agent);
    const { defaultSessionKey, runTurn } = await import('@clawdbot-auth/model-runtime');
    const sessionKey = flags.session ?? defaultSessionKey(env.agentId);
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const rl = createInterface({
      input: process.stdin,
      ...(tty ? { output: process.stdout } : {}),
      terminal: tty,
    });
    if (tty) {
      this.out.info(
        `Agent ${env.agentId}, session ${sessionKey}. /model list, /model status, /new; /exit or Ctrl-D to quit.`,
      );
      rl.setPrompt('> ');
      rl.prompt();
    }
    let failed = false;
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '/exit' || line === '/quit') break;
      if (line !== '') {
        try {
          const r = await runTurn(env.ctx, {
            agentId: env.agentId,
            sessionKey,
            message: line,
            loaded: env.loaded,
            io: { warn: (l) => this.out.warn(l), info: (l) => this.out.info(l) },
            ...timeoutOption(flags.timeout),
          });
          if (r.ack) this.out.result(r.ack);
          if (r.reply !== undefined) this.out.result(r.reply);
        } catch (err) {
          failed = true;
          this.out.warn(renderError(err).join('\n'));
        }
      }
      if (tty) rl.prompt();
    }
    rl.close();
    if (failed) process.exitCode = 1;
  }
}
