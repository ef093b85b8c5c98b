import { Flags } from '@oclif/core';
import { BaseCommand } from '../base-command.js';
import { CliError } from '../errors.js';
import { agentFlag } from '../flags.js';

const KEY_NOTE =
  'A key given on the command line is visible in the process list: prefer "-" (read stdin) or the variable.';

export default class Onboard extends BaseCommand {
  static override description =
    `Sets up model credentials for the agent: stores them where the gateway reads them (the agent's auth-profiles.json) and records them in config auth.profiles. Interactive on a terminal; scripted with --non-interactive --accept-risk. Upstream's other onboarding steps (gateway, channels, workspace) are out of scope here and skipped.

${KEY_NOTE}`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'printf %s "$KEY" | <%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key -',
    'ANTHROPIC_API_KEY=... <%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice apiKey',
    '<%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice token --token-provider anthropic --token - --token-expires-in 365d',
  ];
  static override flags = {
    'accept-risk': Flags.boolean({
      description:
        'Acknowledge that the agent acts with these credentials (required with --non-interactive).',
    }),
    agent: agentFlag,
    'anthropic-api-key': Flags.string({
      description: `Anthropic API key ("-" reads stdin; default $ANTHROPIC_API_KEY). ${KEY_NOTE}`,
      helpValue: '<key>',
    }),
    'auth-choice': Flags.string({ description: 'apiKey, token or skip.', helpValue: '<choice>' }),
    'gemini-api-key': Flags.string({
      description: 'Gemini API key ("-" reads stdin; default $GEMINI_API_KEY).',
      helpValue: '<key>',
    }),
    'non-interactive': Flags.boolean({
      description: 'Never prompt; take everything from flags, variables or stdin.',
    }),
    'openai-api-key': Flags.string({
      description: 'OpenAI API key ("-" reads stdin; default $OPENAI_API_KEY).',
      helpValue: '<key>',
    }),
    'openrouter-api-key': Flags.string({
      description: 'OpenRouter API key ("-" reads stdin; default $OPENROUTER_API_KEY).',
      helpValue: '<key>',
    }),
    token: Flags.string({
      description: 'Token for --auth-choice token ("-" reads stdin).',
      helpValue: '<token>',
    }),
    'token-expires-in': Flags.string({
      description: 'Lifetime of the token: 30m, 12h, 365d, 1w.',
      helpValue: '<duration>',
    }),
    'token-profile-id': Flags.string({
      description: 'Profile id of the token (default <provider>:manual).',
      helpValue: '<id>',
    }),
    'token-provider': Flags.string({ description: 'Provider of the token.', helpValue: '<name>' }),
  };
  static override summary = 'Set up model credentials (the auth part of onboarding).';

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Onboard);
    this.out.info(
      'Note: only model authentication is set up here; gateway, channel and workspace steps are out of scope.',
    );
    const env = await this.environment(flags.agent);
    if (!flags['non-interactive'] && process.stdin.isTTY) {
      const { interactiveAdd } = await import('../services/auth/add.js');
      return interactiveAdd(env, this.config, (l) => this.out.info(l));
    }
    if (!flags['accept-risk']) {
      throw new CliError(
        'RISK_NOT_ACCEPTED',
        'non-interactive onboarding needs --accept-risk',
        'Run: clawdbot onboard --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key -',
      );
    }
    if (!flags['auth-choice'])
      throw new CliError(
        'MISSING_FLAG',
        'non-interactive onboarding needs --auth-choice (apiKey, token or skip)',
        'Run: clawdbot onboard --help',
      );
    const { onboardNonInteractive } = await import('../services/onboard.js');
    const { readAll } = await import('../services/auth/read-secret.js');
    let stdin: Promise<string> | undefined;
    const readStdin = () => {
      stdin ??= readAll(process.stdin);
      return stdin;
    };
    const result = await onboardNonInteractive(env, {
      authChoice: flags['auth-choice'],
      keys: Object.fromEntries(
        (['anthropic-api-key', 'openai-api-key', 'openrouter-api-key', 'gemini-api-key'] as const)
          .filter((k) => flags[k] !== undefined)
          .map((k) => [k, flags[k]]),
      ),
      token: {
        provider: flags['token-provider'],
        token: flags.token,
        profileId: flags['token-profile-id'],
        expiresIn: flags['token-expires-in'],
      },
      readStdin,
    });
    if (!this.jsonEnabled()) {
      const { renderSaved } = await import('../services/auth/credentials.js');
      this.out.result(
        result.saved.length
          ? result.saved.map((s) => renderSaved(env, s)).join('\n')
          : 'No credential stored (--auth-choice skip).',
      );
    }
    return result;
  }
}
