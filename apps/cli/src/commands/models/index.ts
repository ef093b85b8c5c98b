import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import ModelsStatus from './status.js';

/** `clawdbot models --status-json`: upstream's alias of `models status --json`. */
export default class Models extends BaseCommand {
  static override description =
    'Inspect models and their credentials. `--status-json` is an alias of `models status --json`.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --status-json',
    '<%= config.bin %> models status',
  ];
  static override flags = {
    'status-json': Flags.boolean({ description: 'Same as `models status --json`.' }),
    'status-plain': Flags.boolean({ description: 'Same as `models status --plain`.' }),
  };
  static override summary = 'Inspect models and their credentials.';

  async run(): Promise<void> {
    const { flags } = await this.parse(Models);
    if (flags['status-json']) return void (await ModelsStatus.run(['--json'], this.config));
    if (flags['status-plain']) return void (await ModelsStatus.run(['--plain'], this.config));
    const { loadHelpClass } = await import('@oclif/core');
    const Help = await loadHelpClass(this.config);
    await new Help(this.config).showHelp(['models']);
  }
}
