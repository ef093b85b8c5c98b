import { BaseCommand } from '@clawdbot-auth/command-kit/oclif';
import { Flags } from '@oclif/core';
import { doctorCommand } from '../doctor-command.js';
import type { DoctorJson } from '../render.js';

export default class Doctor extends BaseCommand {
  static override description =
    'Find, explain and repair what breaks model auth: config, auth stores, Claude Code / Codex sync, credentials, consistency, environment and legacy files. Exits 1 when an error remains.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --yes',
    '<%= config.bin %> <%= command.id %> --non-interactive --json',
    '<%= config.bin %> <%= command.id %> --deep --agent work',
  ];
  static override flags = {
    agent: Flags.string({
      description: 'agent whose store to check (default: the configured default agent)',
    }),
    deep: Flags.boolean({
      description: 'also run slow checks: import the login shell environment',
      default: false,
    }),
    fix: Flags.boolean({ description: 'alias for --repair', default: false }),
    force: Flags.boolean({
      description: 'also apply the repairs that remove data (a forked token copy, a billing disable)',
      default: false,
    }),
    'non-interactive': Flags.boolean({
      description: 'never prompt; apply safe repairs only',
      default: false,
    }),
    repair: Flags.boolean({ description: 'apply the recommended repairs without prompting', default: false }),
    yes: Flags.boolean({
      char: 'y',
      description: 'accept the defaults without prompting (apply repairs)',
      default: false,
    }),
  };
  static override summary = 'Find and repair what breaks model auth.';

  async run(): Promise<DoctorJson> {
    const { flags } = await this.parse(Doctor);
    const outcome = await doctorCommand({ ...flags, json: this.jsonEnabled() });
    if (outcome.exitCode) process.exitCode = outcome.exitCode;
    if (outcome.text !== undefined) this.out.result(outcome.text);
    return outcome.json;
  }
}
