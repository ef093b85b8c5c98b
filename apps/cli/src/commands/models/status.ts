import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { agentFlag } from '../../flags.js';
import type { StatusJson } from '../../services/status/types.js';

export default class ModelsStatus extends BaseCommand {
  static override description =
    `Shows the config and agent in use, the default model and its fallbacks, and every credential: where it comes from (store, env variable and its file, login shell, Claude Code, Codex), its expiry, cooldowns, and what to run for a provider in use that has none. Syncs Claude Code and Codex CLI logins into the agent's store first; writes nothing else. Secrets are never shown: keys appear as their public prefix and a fingerprint.

--check sets the exit code for monitors: 0 fine, 1 a provider in use is missing or expired, 2 a credential that cannot refresh itself expires within 24 h.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --check --json   # for cron / systemd monitors',
    '<%= config.bin %> <%= command.id %> --plain',
    '<%= config.bin %> <%= command.id %> --probe --probe-provider anthropic --probe-timeout 5000',
  ];
  static override flags = {
    agent: agentFlag,
    check: Flags.boolean({
      description: 'Exit 1 when a provider in use is missing or expired, 2 when expiring.',
    }),
    plain: Flags.boolean({ description: 'Print only the resolved default model.' }),
    probe: Flags.boolean({ description: 'Send a minimal live request per credential.' }),
    'probe-concurrency': Flags.integer({ default: 2, description: 'Probes in flight at once.', min: 1 }),
    'probe-max-tokens': Flags.integer({ default: 8, description: 'max_tokens of each probe.', min: 1 }),
    'probe-profile': Flags.string({ description: 'Probe only this profile (repeatable).', multiple: true }),
    'probe-provider': Flags.string({ description: 'Probe only this provider.' }),
    'probe-timeout': Flags.integer({ default: 8000, description: 'Timeout of each probe in ms.', min: 1 }),
  };
  static override summary = 'Show models and the state of their credentials.';

  async run(): Promise<StatusJson | string> {
    const { flags } = await this.parse(ModelsStatus);
    const { modelsStatus } = await import('../../runners.js');
    return (await this.runRunner(modelsStatus, flags)) as StatusJson | string;
  }
}
