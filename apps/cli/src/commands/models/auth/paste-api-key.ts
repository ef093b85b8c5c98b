import { BaseCommand } from '../../../base-command.js';
import type { SavedCredential } from '../../../services/auth/credentials.js';
import { pasteFlags, runPaste } from '../../../services/auth/paste-command.js';

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
  static override flags = pasteFlags;
  static override summary = 'Store a pasted API key as an auth profile.';

  async run(): Promise<SavedCredential> {
    const { flags } = await this.parse(AuthPasteApiKey);
    const io = {
      environment: (agent?: string) => this.environment(agent),
      warn: (line: string) => this.out.warn(line),
      result: (text: string) => this.out.result(text),
      json: this.jsonEnabled(),
    };
    return runPaste(io, flags, 'api_key');
  }
}
