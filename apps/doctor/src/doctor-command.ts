import { createContext, normalizeAgentId } from '@clawdbot-auth/env-loader';
import { type DoctorJson, renderText, toJson } from './render.js';
import { runDoctor } from './run-doctor.js';
import type { Finding } from './types.js';

/**
 * The body of `clawdbot doctor`, for whichever path runs it: the oclif command (both binaries)
 * and the CLI's start-up fast path call this one function, so doctor behaves the same on both.
 */

/** The command's flags, as parsed. */
export interface DoctorFlags {
  agent?: string | undefined;
  deep?: boolean;
  fix?: boolean;
  force?: boolean;
  'non-interactive'?: boolean;
  repair?: boolean;
  yes?: boolean;
  json?: boolean;
}

export interface DoctorCommandOutcome {
  /** what --json prints */
  json: DoctorJson;
  /** what text mode prints to stdout (undefined with --json) */
  text?: string;
  /** 1 when an error remains */
  exitCode: 0 | 1;
}

/** Asks on stderr before a repair; safe repairs default to yes. Loaded only when a prompt is due. */
async function ask(f: Finding): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  const message = `${f.message}\n  Repair: ${f.repair?.describe}?`;
  return confirm({ message, default: f.repair?.safe ?? false }, { output: process.stderr });
}

export async function doctorCommand(flags: DoctorFlags): Promise<DoctorCommandOutcome> {
  const ctx = createContext({ command: 'doctor' });
  const repair = Boolean(flags.yes || flags.repair || flags.fix || flags.force || flags['non-interactive']);
  const result = await runDoctor(ctx, {
    // The one agent-id rule: `--agent ../x` is the same usage error as in every command.
    ...(flags.agent?.trim() ? { agentId: normalizeAgentId(flags.agent) } : {}),
    repair,
    force: Boolean(flags.force),
    // stdin is looked at only when doctor may ask: node creates the stream on first access
    interactive: !repair && !flags.json && Boolean(process.stdin.isTTY && process.stderr.isTTY),
    deep: Boolean(flags.deep),
    confirm: ask,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const color = Boolean(process.stdout.isTTY) && !ctx.env['NO_COLOR'];
  return {
    json: toJson(result),
    ...(flags.json ? {} : { text: renderText(ctx, result, { color }) }),
    exitCode: result.summary.errors > 0 ? 1 : 0,
  };
}
