import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../../base-command.js';
import type { MigrateResult } from '../../../../services/auth/store.js';

export default class AuthStoreMigrate extends BaseCommand {
  static override description =
    "Moves every agent's credentials between the file store and etcd: copies each entry the target lacks, reads the target back, then archives the source (store files renamed to auth-profiles.json.migrated-<ms>; etcd entries moved under <prefix>/archive/<ms>/). A profile the target already holds with another value is kept there and reported. Safe to interrupt and run again: a second run finds nothing to copy. The etcd store is the configured one (auth.store or CLAWDBOT_AUTH_STORE) or --url; clawdbot.json's auth.store is switched to the target when the config (or --url) named the etcd store.";
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --to etcd --url etcd+http://10.0.0.5:2379/clawdbot',
    '<%= config.bin %> <%= command.id %> --to etcd',
    '<%= config.bin %> <%= command.id %> --to file',
  ];
  static override flags = {
    to: Flags.string({
      description: 'Where the credentials go.',
      options: ['etcd', 'file'],
      required: true,
    }),
    url: Flags.string({
      description:
        'The etcd store for this run (etcd+http://host:port[,host:port]/prefix); default: the configured one.',
      helpValue: '<etcd+http://host:port/prefix>',
    }),
  };
  static override summary = 'Move the credential store between the file store and etcd.';

  async run(): Promise<MigrateResult> {
    const { flags } = await this.parse(AuthStoreMigrate);
    const env = await this.environment();
    const svc = await import('../../../../services/auth/store.js');
    const result = await svc.migrate(env, {
      to: flags.to as 'etcd' | 'file',
      ...(flags.url !== undefined ? { url: flags.url } : {}),
    });
    if (!this.jsonEnabled()) this.out.result(svc.renderMigrate(env, result));
    if (result.next) this.out.warn(`note: ${result.next}`);
    return result;
  }
}
