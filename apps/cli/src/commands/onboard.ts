import { BaseCommand } from '../base-command.js';
import { CliError } from '../errors.js';
import { gatewayFlagsGiven, KEY_NOTE, ONBOARD_FLAGS } from '../onboard-flags.js';

export default class Onboard extends BaseCommand {
  static override description =
    `Sets up model credentials for the agent, as upstream's onboard does for each --auth-choice: a key choice stores the key under upstream's profile id (e.g. zai-api-key -> zai:default) in the agent's auth-profiles.json and records it in config auth.profiles; claude-cli / codex-cli use the Claude Code / Codex login; setup-token runs \`claude setup-token\`; openai-codex and chutes run the login (on a terminal). Interactive on a terminal; scripted with --non-interactive --accept-risk. Upstream's other steps (gateway, daemon, channels, skills, workspace, tailscale) are accepted and left to the gateway's own setup, said in one line.

${KEY_NOTE}`;
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'printf %s "$KEY" | <%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key -',
    'ZAI_API_KEY=... <%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice zai-api-key --skip-daemon --json',
    '<%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice claude-cli',
    '<%= config.bin %> <%= command.id %> --non-interactive --accept-risk --auth-choice token --token-provider anthropic --token - --token-expires-in 365d',
  ];
  static override flags = ONBOARD_FLAGS;
  static override summary = 'Set up model credentials (the auth part of onboarding).';

  async run(): Promise<unknown> {
    const { flags, raw } = await this.parse(Onboard);
    const left = gatewayFlagsGiven(raw);
    const note = left.length ? `${left.join(', ')}: ` : 'Gateway, daemon, channel and workspace steps: ';
    this.out.info(`${note}left to the gateway's own setup; only model credentials are set up here.`);
    const interactive = !flags['non-interactive'] && Boolean(process.stdin.isTTY);
    if (!interactive && !flags['accept-risk']) {
      throw new CliError(
        'RISK_NOT_ACCEPTED',
        'non-interactive onboarding needs --accept-risk',
        'Run: clawdbot onboard --non-interactive --accept-risk --auth-choice apiKey --anthropic-api-key -',
      );
    }
    const env = await this.environment(flags.agent);
    const { onboard, renderOnboard } = await import('../services/onboard-summary.js');
    const summary = await onboard(env, {
      flags,
      leftToGateway: left,
      interactive,
      hooks: this.config,
      print: (l) => this.out.info(l),
    });
    if (!this.jsonEnabled()) this.out.result(await renderOnboard(env, summary));
    return summary;
  }
}
