import type { LoadedConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';

/** What the credential rules read: the injected context, the config and the environment loaded with it. */
export interface CredentialWorld {
  ctx: RuntimeContext;
  loaded: Pick<LoadedConfig, 'config' | 'env'>;
}
