import { basename } from 'node:path';
import { BaseCommand } from '../../../base-command.js';
import { agentFlag, minValidFlag, normalizeProvider, profileIdFlag, providerFlag } from '../../../flags.js';

export default class AuthExec extends BaseCommand {
  static override description =
    "Runs a command with the provider's standard variable (ANTHROPIC_API_KEY, ANTHROPIC_OAUTH_TOKEN for an OAuth or setup token, OPENAI_API_KEY, ...) set to the credential a request would use, and nothing else of clawdbot's: no refresh token, no store path, no variable loaded from .env. The command's stdout and stderr pass through with the secret masked (also when split across writes); stdin is inherited; its exit code and the signals it dies of are passed on. An OAuth token is valid for at least --min-valid.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> --provider anthropic -- python agent.py',
    '<%= config.bin %> <%= command.id %> --profile-id openai:work -- node script.mjs --verbose',
  ];
  static override flags = {
    agent: agentFlag,
    'min-valid': minValidFlag,
    'profile-id': profileIdFlag,
    provider: providerFlag,
  };
  static override strict = false;
  static override summary = 'Run a command with the credential in its environment.';
  static override usage =
    '<%= command.id %> [--provider <name> | --profile-id <id>] [--agent <id>] -- <command> [args...]';

  async run(): Promise<void> {
    const original = { ...process.env };
    const { argv, flags } = await this.parse(AuthExec);
    const { CliError } = await import('../../../errors.js');
    const command = argv as string[];
    if (command.length === 0) {
      throw new CliError(
        'USAGE',
        'exec needs a command after --',
        'Run: clawdbot models auth exec --provider anthropic -- <command> [args...]',
      );
    }
    const { parseDuration } = await import('../../../services/auth/credentials.js');
    const minValidMs = parseDuration(flags['min-valid']);
    const env = await this.environment(flags.agent);
    const { handOutCredential } = await import('../../../services/broker/issue.js');
    const { childEnvironment, runMasked } = await import('../../../services/broker/exec.js');
    const issued = await handOutCredential(
      env,
      {
        provider: flags.provider && normalizeProvider(flags.provider),
        profileId: flags['profile-id'],
        minValidMs,
        purpose: `exec: ${basename(command[0] ?? '')}`,
      },
      (l) => this.out.warn(l),
    );
    const child = await childEnvironment(original, issued);
    const { code, signal } = await runMasked(command, child.env, [issued.secret]);
    if (signal) {
      // Die of the same signal, so the caller sees what the child saw. Listeners (ours are gone;
      // a dependency's exit hook may remain) would swallow it: drop them first.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      const { constants } = await import('node:os');
      process.exitCode = 128 + (constants.signals[signal] ?? 0);
      return;
    }
    process.exitCode = code ?? 1;
  }
}
