import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import {
  agentFlag,
  insecureStorageFlag,
  normalizeProvider,
  requiredProviderFlag,
  storageFlag,
} from '../../../flags.js';
import type { SavedCredential } from '../../../services/auth/credentials.js';

export default class AuthPasteToken extends BaseCommand {
  static override description =
    `Stores a token (a \`claude setup-token\` token, or any provider's bearer token or key) as a "token" profile of the agent and records it in config auth.profiles. On a terminal the token is read from a hidden prompt; otherwise the whole of stdin is read. Whitespace and line breaks inside it are removed. It is never echoed: the output names the profile and its fingerprint.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic',
    'pbpaste | <%= config.bin %> <%= command.id %> --provider anthropic --profile-id anthropic:work --expires-in 365d',
    '<%= config.bin %> <%= command.id %> --provider openrouter < key.txt',
    '<%= config.bin %> <%= command.id %> --provider anthropic --storage keyring',
  ];
  static override flags = {
    agent: agentFlag,
    'expires-in': Flags.string({
      description: 'Lifetime of the token: 30m, 12h, 365d, 1w.',
      helpValue: '<duration>',
    }),
    'insecure-storage': insecureStorageFlag,
    'profile-id': Flags.string({ description: 'Profile id (default <provider>:manual).', helpValue: '<id>' }),
    provider: requiredProviderFlag,
    storage: storageFlag,
  };
  static override summary = 'Store a pasted token as an auth profile.';

  async run(): Promise<SavedCredential> {
    const { flags } = await this.parse(AuthPasteToken);
    const creds = await import('../../../services/auth/credentials.js');
    const provider = normalizeProvider(flags.provider);
    const profileId = creds.resolveProfileId(provider, flags['profile-id']);
    const ttl = flags['expires-in'] === undefined ? undefined : creds.parseDuration(flags['expires-in']);
    const env = await this.environment(flags.agent);
    const storage = { storage: flags.storage, insecureStorage: flags['insecure-storage'] };
    const saved = await creds.pasteCredential(env, {
      provider,
      profileId,
      type: 'token',
      ...storage,
      ttlMs: ttl,
    });
    const warning = creds.fallbackWarning(env, saved);
    if (warning) this.out.warn(warning);
    if (!this.jsonEnabled()) this.out.result(creds.renderSaved(env, saved));
    return saved;
  }
}
