import { EXIT, setExitCode } from '@clawdbot-auth/command-kit';
import { BaseCommand } from '../../../../base-command.js';
import type { StoreStatus } from '../../../../services/auth/store.js';

export default class AuthStoreStatus extends BaseCommand {
  static override description =
    'Shows where credentials are stored: the file store (default) or etcd (auth.store in clawdbot.json, or CLAWDBOT_AUTH_STORE). For etcd: the endpoints, whether they answer, the leader and member count, and whether this host has the key file that opens the sealed values. Profiles are counted per agent. Exits 1 when the store cannot be used from this host (unreachable, key file missing or wrong). Never shows secrets.';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    'CLAWDBOT_AUTH_STORE=etcd+http://10.0.0.5:2379/clawdbot <%= config.bin %> <%= command.id %>',
  ];
  static override summary = 'Show the credential store backend and its health.';

  async run(): Promise<StoreStatus> {
    await this.parse(AuthStoreStatus);
    const env = await this.environment();
    const svc = await import('../../../../services/auth/store.js');
    const status = await svc.readStoreStatus(env);
    if (!this.jsonEnabled()) this.out.result(svc.renderStoreStatus(env, status));
    if (status.problem !== undefined) {
      this.out.warn(`Error: ${status.problem.message}`);
      if (status.problem.hint) this.out.warn(`  Run: ${status.problem.hint}`);
      setExitCode(EXIT.FAILURE);
    }
    return status;
  }
}
