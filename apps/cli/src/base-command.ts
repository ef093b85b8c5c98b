import { displayPath } from '@clawdbot-auth/command-kit';
import { BaseCommand as KitCommand } from '@clawdbot-auth/command-kit/oclif';
import { type CliEnvironment, loadCliEnvironment } from './context.js';

/**
 * Base of every clawdbot CLI command: the kit's base command (--debug, output channel, error
 * rendering and exit codes shared with the doctor) plus the environment loader.
 */
export abstract class BaseCommand extends KitCommand {
  /** Load env + config and resolve the agent. */
  protected async environment(agent?: string): Promise<CliEnvironment> {
    return loadCliEnvironment({ agent, warn: (l) => this.out.warn(l) });
  }

  /** Path for text output, `~` for HOME. */
  protected tilde(env: CliEnvironment, p: string): string {
    return displayPath(env.ctx.homedir, p);
  }
}
