import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { profileIdFlag } from '../../../flags.js';
import type { LogResult } from '../../../services/broker/log.js';

export default class AuthLog extends BaseCommand {
  static override description =
    'Shows the auth event journal (<state>/logs/auth-events.jsonl and its rotated files), newest last: imports, syncs, refreshes, failures, cooldowns, removals, logins and tokens handed out, with the command, process and host that caused each. Records hold fingerprints, never secrets. Lines that do not parse are skipped and counted.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --since 1h',
    '<%= config.bin %> <%= command.id %> --profile-id anthropic:claude-cli --event refreshed',
    '<%= config.bin %> <%= command.id %> --since 2026-01-01T00:00:00Z --json',
  ];
  static override flags = {
    event: Flags.string({
      description: 'Only this event kind (refreshed, marked-dead, ...).',
      helpValue: '<kind>',
    }),
    'profile-id': profileIdFlag,
    since: Flags.string({
      description: 'Only events since: 30m, 1h, 7d or an ISO time.',
      helpValue: '<when>',
    }),
  };
  static override summary = 'Show the auth event journal.';

  async run(): Promise<LogResult> {
    const { flags } = await this.parse(AuthLog);
    const env = await this.environment();
    const svc = await import('../../../services/broker/log.js');
    const result = await svc.readLog(env, {
      since: flags.since,
      profileId: flags['profile-id'],
      event: flags.event,
    });
    if (!this.jsonEnabled()) this.out.result(svc.renderLog(result));
    if (result.skipped > 0)
      this.out.warn(`warning: skipped ${result.skipped} journal line(s) that do not parse`);
    return result;
  }
}
