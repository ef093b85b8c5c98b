import { Command, Flags, type Interfaces } from '@oclif/core';
import { type CliEnvironment, loadCliEnvironment } from './context.js';
import { debugEnabled, reportError } from './errors.js';
import { setExitCode } from './exit-codes.js';
import { createOutput, displayPath, type Output } from './output.js';
import type { Runner, RunnerFlags } from './runners.js';

/**
 * Base of every clawdbot command: the hidden --debug flag, one output channel, the
 * environment loader, and the error handler that prints `Error: ...` + what to run and
 * picks the exit status from src/exit-codes.ts.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({ description: 'Show stack traces of errors.', hidden: true }),
  };

  private outChannel?: Output;

  /** The output channel (no colour with --json, off a TTY or with NO_COLOR). */
  protected get out(): Output {
    this.outChannel ??= createOutput({ json: this.jsonEnabled() });
    return this.outChannel;
  }

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
    });
    if (outcome.exitCode) setExitCode(outcome.exitCode);
    if (!this.jsonEnabled() && outcome.text !== undefined) this.out.result(outcome.text);
    return outcome.result;
  }

  /** Path for text output, `~` for HOME. */
  protected tilde(env: CliEnvironment, p: string): string {
    return displayPath(env.ctx.homedir, p);
  }

  protected override async catch(err: Interfaces.CommandError): Promise<never> {
    // With --json, stdout stays one JSON document even on failure; the text goes to stderr.
    const code = reportError(err, {
      json: this.jsonEnabled() && !(err as { code?: string }).code?.startsWith('EEXIT'),
      debug: debugEnabled(this.argv, process.env),
      usage: this.usageLine(),
      helpCommand: `${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace(/\s+/g, ' '),
    });
    this.exit(code);
  }

  /** `clawdbot models auth paste-token --provider <value> [--profile-id <value>]`. */
  private usageLine(): string {
    const ctor = this.constructor as typeof BaseCommand;
    const parts = [this.config.bin, ...(this.id ?? '').split(':')];
    for (const [name, arg] of Object.entries(ctor.args ?? {})) {
      parts.push(arg.required ? `<${name}>` : `[${name}]`);
    }
    for (const [name, flag] of Object.entries(ctor.flags ?? {})) {
      if (flag.hidden) continue;
      const value = flag.type === 'option' ? ` ${flag.helpValue ?? '<value>'}` : '';
      parts.push(flag.required ? `--${name}${value}` : `[--${name}${value}]`);
    }
    return parts.join(' ');
  }
}
