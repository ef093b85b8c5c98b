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

export default class AuthPasteApiKey extends BaseCommand {
  static override description =
    `Stores an API key made elsewhere (a provider's console) as an "api_key" profile of the agent and records it in config auth.profiles. On a terminal the key is read from a hidden prompt; otherwise the whole of stdin is read (pipe it: a key in the arguments is visible in the process list). Whitespace inside it is removed. It is never echoed: the output names the profile and its fingerprint.`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider openai',
    'printf "%s\\n" "$OPENAI_API_KEY" | <%= config.bin %> <%= command.id %> --provider openai',
    '<%= config.bin %> <%= command.id %> --provider anthropic --profile-id anthropic:work < key.txt',
    '<%= config.bin %> <%= command.id %> --provider openai --storage keyring',
  ];
  static override flags = {
    agent: agentFlag,
    'insecure-storage': insecureStorageFlag,
    'profile-id': Flags.string({ description: 'Profile id (default <provider>:manual).', helpValue: '<id>' }),
    provider: requiredProviderFlag,
    storage: storageFlag,
  };
  static override summary = 'Store a pasted API key as an auth profile.';

  async run(): Promise<SavedCredential> {
    const { flags } = await this.parse(AuthPasteApiKey);
    const creds = await import('../../../services/auth/credentials.js');
    const provider = normalizeProvider(flags.provider);
    const profileId = creds.resolveProfileId(provider, flags['profile-id']);
    const env = await this.environment(flags.agent);
    const storage = { storage: flags.storage, insecureStorage: flags['insecure-storage'] };
    const saved = await creds.pasteCredential(env, { provider, profileId, type: 'api_key', ...storage });
    const warning = creds.fallbackWarning(env, saved);
    if (warning) this.out.warn(warning);
    if (!this.jsonEnabled()) this.out.result(creds.renderSaved(env, saved));
    return saved;
  }
}
