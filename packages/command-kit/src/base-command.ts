import { Command, Flags, type Interfaces } from '@oclif/core';
import { debugEnabled, reportError } from './errors.js';
import { createOutput, type Output } from './output.js';

/**
 * Base of every clawdbot command (both apps): the hidden --debug flag, one output channel,
 * and the error handler that prints `Error: ...` + what to run, prints the `--json` error
 * document instead of oclif's, and picks the exit status from the one table (usage errors
 * exit 1, never oclif's 2).
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

  protected override async catch(err: Interfaces.CommandError): Promise<never> {
    // With --json, stdout stays one JSON document even on failure; the text goes to stderr.
    const code = reportError(err, {
      json: this.jsonEnabled() && !(err as { code?: string }).code?.startsWith('EEXIT'),
      debug: debugEnabled(this.argv, process.env),
      usage: this.usageLine(),
      helpCommand: `${this.config.bin} ${this.id?.replaceAll(':', ' ') ?? ''} --help`.replace(/\s+/g, ' '),
      bin: this.config.bin,
      commandIds: this.config.commandIDs,
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
