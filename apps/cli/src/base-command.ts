import { displayPath, setExitCode } from '@clawdbot-auth/command-kit';
import { BaseCommand as KitCommand } from '@clawdbot-auth/command-kit/oclif';
import { type CliEnvironment, loadCliEnvironment } from './context.js';
import type { Runner, RunnerFlags } from './runners.js';

/**
 * Base of every clawdbot CLI command: the kit's base command (--debug, output channel, error
 * rendering and exit codes shared with the doctor) plus the environment loader.
 */
export abstract class BaseCommand extends KitCommand {
  /** Load env + config and resolve the agent. */
  protected async environment(agent?: string): Promise<CliEnvironment> {
    return loadCliEnvironment({
      agent,
      warn: (l) => this.out.warn(l),
      command: (this.id ?? '').replaceAll(':', ' '),
    });
  }

  /** Run a command body shared with the fast path (src/runners.ts): text, exit code, result. */
  protected async runRunner(runner: Runner, flags: RunnerFlags): Promise<unknown> {
    const outcome = await runner(flags, {
      environment: (agent) => this.environment(agent),
      info: (line) => this.out.info(line),
      style: this.out.style,
    });
    if (outcome.exitCode) setExitCode(outcome.exitCode);
    if (!this.jsonEnabled() && outcome.text !== undefined) this.out.result(outcome.text);
    return outcome.result;
  }

  /** Path for text output, `~` for HOME. */
  protected tilde(env: CliEnvironment, p: string): string {
    return displayPath(env.ctx.homedir, p);
  }
}
