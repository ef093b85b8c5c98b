import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import type { SavedCredential } from '../../../services/auth/credentials.js';
import { pasteFlags, runPaste } from '../../../services/auth/paste-command.js';

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
    ...pasteFlags,
    'expires-in': Flags.string({
      description: 'Lifetime of the token: 30m, 12h, 365d, 1w.',
      helpValue: '<duration>',
    }),
  };
  static override summary = 'Store a pasted token as an auth profile.';

  async run(): Promise<SavedCredential> {
    const { flags } = await this.parse(AuthPasteToken);
    const io = {
      environment: (agent?: string) => this.environment(agent),
      warn: (line: string) => this.out.warn(line),
      result: (text: string) => this.out.result(text),
      json: this.jsonEnabled(),
    };
    return runPaste(io, flags, 'token');
  }
}
