/** The oclif half of the kit: the base command of every clawdbot command, and the bin runner. */
export { BaseCommand } from './base-command.js';
export { type RunCommandLineOptions, runCommandLine } from './run.js';
