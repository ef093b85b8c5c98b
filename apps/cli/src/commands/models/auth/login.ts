import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { CliError } from '../../../errors.js';
import {
  agentFlag,
  insecureStorageFlag,
  normalizeProvider,
  requiredProviderFlag,
  storageFlag,
} from '../../../flags.js';

export default class AuthLogin extends BaseCommand {
  static override description = `Runs a provider's login flow and stores the credential in the agent's store.

anthropic: OAuth (Claude Pro/Max; open the printed URL, paste the code#state shown) or setup-token; openai-codex: OAuth with a browser callback on 127.0.0.1:1455 (or paste the redirect URL). Plugins add methods for other providers through the "auth:login-methods" hook.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    '<%= config.bin %> <%= command.id %> --provider anthropic --method setup-token',
    '<%= config.bin %> <%= command.id %> --provider openai-codex',
    '<%= config.bin %> <%= command.id %> --provider anthropic --profile-id anthropic:work --set-default',
    '<%= config.bin %> <%= command.id %> --provider anthropic --profile-id anthropic:work --force',
    '<%= config.bin %> <%= command.id %> --provider anthropic --storage keyring',
  ];
  static override flags = {
    agent: agentFlag,
    force: Flags.boolean({
      description:
        'Replace what is stored under the profile id even when it is another type of credential (refused without it).',
    }),
    'insecure-storage': insecureStorageFlag,
    method: Flags.string({
      description: 'Login method id (default: the first the provider offers).',
      helpValue: '<id>',
    }),
    'profile-id': Flags.string({
      description: 'Store the login under this profile id (default <provider>:<email>).',
      helpValue: '<id>',
    }),
    provider: requiredProviderFlag,
    'set-default': Flags.boolean({ description: "Put the new profile first in the agent's order." }),
    storage: storageFlag,
  };
  static override summary = 'Log in to a provider.';

  async run(): Promise<{ provider: string; method: string; profileId: string; default?: boolean }> {
    const { flags } = await this.parse(AuthLogin);
    const provider = normalizeProvider(flags.provider);
    const { resolveProfileId } = await import('../../../services/auth/credentials.js');
    const wanted = flags['profile-id'] && resolveProfileId(provider, flags['profile-id']);
    const env = await this.environment(flags.agent);
    const { loginMethodsFor, runLoginMethod, terminalIO } = await import(
      '../../../services/auth/login-methods.js'
    );
    const methods = await loginMethodsFor(this.config, provider);
    const method = flags.method ? methods.find((m) => m.id === flags.method) : methods[0];
    if (!method) {
      const known = methods.map((m) => m.id).join(', ');
      throw new CliError(
        'UNKNOWN_LOGIN_METHOD',
        methods.length
          ? `--method ${flags.method} is not a login method of ${provider} (methods: ${known})`
          : `no login method for provider "${provider}"`,
        methods.length
          ? `Run: clawdbot models auth login --provider ${provider} --method ${methods[0]!.id}`
          : `Run: clawdbot models auth paste-token --provider ${provider} (or install a plugin that adds one)`,
      );
    }
    this.out.info(`Logging in to ${provider} (${method.label})`);
    const { profileId } = await runLoginMethod(
      env,
      method,
      terminalIO((l) => this.out.info(l)),
      {
        ...(wanted ? { profileId: wanted } : {}),
        force: flags.force,
        storage: flags.storage as 'keyring' | 'file' | undefined,
        insecureStorage: flags['insecure-storage'],
      },
    );
    if (flags['set-default']) {
      const { setDefaultProfile } = await import('../../../services/auth/order.js');
      const order = await setDefaultProfile(env, provider, profileId);
      this.out.info(`Order of ${provider} for agent ${env.agentId}: ${order.order?.join(', ')}`);
    }
    if (!this.jsonEnabled()) this.out.result(`Auth profile: ${profileId} (${provider}/${method.id})`);
    return { provider, method: method.id, profileId, ...(flags['set-default'] ? { default: true } : {}) };
  }
}
