import { Args } from '@oclif/core';
import { BaseCommand } from '../base-command.js';

export default class Completion extends BaseCommand {
  static override args = {
    shell: Args.string({
      description: 'bash or zsh',
      options: ['bash', 'zsh'],
      default: 'bash',
      ignoreStdin: true,
    }),
  };
  static override description =
    "Prints a completion script for bash or zsh. Besides commands and flags it completes provider ids after --provider and your own profile ids (from the agent's store) after --profile-id, as `models auth order set` arguments and as the id of remove, refresh, logout and cooldown clear.";
  static override examples = [
    'eval "$(<%= config.bin %> <%= command.id %> bash)"   # in ~/.bashrc',
    'eval "$(<%= config.bin %> <%= command.id %> zsh)"    # in ~/.zshrc',
  ];
  static override summary = 'Print the shell completion script.';

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    const { completionScript } = await import('../complete.js');
    this.out.result(completionScript(args.shell as 'bash' | 'zsh', this.config.bin));
  }
}
