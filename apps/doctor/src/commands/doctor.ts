import { Command } from '@oclif/core';

export default class Doctor extends Command {
  static override description = 'Find, explain and repair what breaks model auth.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --yes'];

  async run(): Promise<void> {
    await this.parse(Doctor);
    this.log('doctor: no checks yet');
  }
}
