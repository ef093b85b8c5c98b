import type { LoadedConfig } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';

/** What the credential rules read: the injected context, the config and the environment loaded with it. */
export interface CredentialWorld {
  ctx: RuntimeContext;
  loaded: Pick<LoadedConfig, 'config' | 'env'>;
  /**
   * Profile id -> why its keyRef / tokenRef did not resolve (`checkRefs`). Absent: references
   * are not judged here and resolve when a request sends them.
   */
  unresolvedRefs?: ReadonlyMap<string, string>;
}
