import { BaseCommand } from '@clawdbot-auth/command-kit/oclif';
import { createContext, normalizeAgentId } from '@clawdbot-auth/env-loader';
import { Flags } from '@oclif/core';
import { renderText, toJson } from '../render.js';
import { runDoctor } from '../run-doctor.js';
import type { Finding } from '../types.js';

/** Asks on stderr before a repair; safe repairs default to yes. Loaded only when a prompt is due. */
async function ask(f: Finding): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  const message = `${f.message}\n  Repair: ${f.repair?.describe}?`;
  return confirm({ message, default: f.repair?.safe ?? false }, { output: process.stderr });
}

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

  async run(): Promise<ReturnType<typeof toJson>> {
    const { flags } = await this.parse(Doctor);
    const ctx = createContext({ command: 'doctor' });
    const repair = flags.yes || flags.repair || flags.fix || flags.force || flags['non-interactive'];
    const tty = Boolean(process.stdin.isTTY && process.stderr.isTTY);
    const result = await runDoctor(ctx, {
      // The one agent-id rule: `--agent ../x` is the same usage error as in every command.
      ...(flags.agent?.trim() ? { agentId: normalizeAgentId(flags.agent) } : {}),
      repair,
      force: flags.force,
      interactive: tty && !repair && !this.jsonEnabled(),
      deep: flags.deep,
      confirm: ask,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    if (result.summary.errors > 0) process.exitCode = 1;
    const color = Boolean(process.stdout.isTTY) && !ctx.env['NO_COLOR'];
    if (!this.jsonEnabled()) this.out.result(renderText(ctx, result, { color }));
    return toJson(result);
  }
}
