import { API_KEY_FLAGS, AUTH_CHOICES, apiKeyVars } from '@clawdbot-auth/credentials';
import { Flags } from '@oclif/core';
import { agentFlag } from './flags.js';

const KEY_NOTE =
  'A key given on the command line is visible in the process list: prefer "-" (read stdin) or the variable.';

/**
 * Upstream's onboard flags for parts this CLI does not set up (gateway, daemon, channels, skills,
 * workspace, tailscale, remote mode): accepted so upstream command lines keep working, and named
 * in one line as left to the gateway's own setup.
 */
const gateway = (description: string, helpValue: string) =>
  Flags.string({ description: `${description} (left to the gateway's setup).`, helpValue });
const gatewaySwitch = (description: string) =>
  Flags.boolean({ description: `${description} (left to the gateway's setup).` });

export const GATEWAY_FLAGS = {
  'daemon-runtime': gateway('Daemon runtime: node|bun', '<runtime>'),
  flow: gateway('Wizard flow: quickstart|advanced|manual', '<flow>'),
  'gateway-auth': gateway('Gateway auth: off|token|password', '<mode>'),
  'gateway-bind': gateway('Gateway bind: loopback|tailnet|lan|auto|custom', '<mode>'),
  'gateway-password': gateway('Gateway password (password auth)', '<password>'),
  'gateway-port': gateway('Gateway port', '<port>'),
  'gateway-token': gateway('Gateway token (token auth)', '<token>'),
  'install-daemon': Flags.boolean({
    allowNo: true,
    description:
      "Install (or with --no-install-daemon skip) the gateway service (left to the gateway's setup).",
  }),
  'node-manager': gateway('Node manager for skills: npm|pnpm|bun', '<name>'),
  'remote-token': gateway('Remote Gateway token', '<token>'),
  'remote-url': gateway('Remote Gateway WebSocket URL', '<url>'),
  reset: gatewaySwitch('Reset config + credentials + sessions + workspace before running'),
  'skip-channels': gatewaySwitch('Skip channel setup'),
  'skip-daemon': gatewaySwitch('Skip gateway service install'),
  'skip-health': gatewaySwitch('Skip health check'),
  'skip-skills': gatewaySwitch('Skip skills setup'),
  'skip-ui': gatewaySwitch('Skip Control UI/TUI prompts'),
  tailscale: gateway('Tailscale: off|serve|funnel', '<mode>'),
  'tailscale-reset-on-exit': gatewaySwitch('Reset tailscale serve/funnel on exit'),
  workspace: gateway('Agent workspace directory', '<dir>'),
};

/** One `--<provider>-api-key` flag per key choice, from the credentials layer's table. */
const keyFlags = Object.fromEntries(
  API_KEY_FLAGS.map((f) => [
    f.flag,
    Flags.string({
      description: `${f.label} ("-" reads stdin; default $${apiKeyVars(f.provider).join(' or $')}). ${KEY_NOTE}`,
      helpValue: '<key>',
    }),
  ]),
) as Record<string, ReturnType<typeof Flags.string>>;

/** Every flag of `clawdbot onboard`: upstream's, plus `--agent`. */
export const ONBOARD_FLAGS = {
  'accept-risk': Flags.boolean({
    description: 'Acknowledge that the agent acts with these credentials (required with --non-interactive).',
  }),
  agent: agentFlag,
  'auth-choice': Flags.string({
    description: `What to set up: ${AUTH_CHOICES.map((c) => c.id).join('|')}.`,
    helpValue: '<choice>',
  }),
  ...keyFlags,
  mode: Flags.string({
    description:
      'Wizard mode: local|remote. With remote, credentials live on the remote gateway: nothing is stored here.',
    helpValue: '<mode>',
    options: ['local', 'remote'],
  }),
  'non-interactive': Flags.boolean({
    description: 'Never prompt; take everything from flags, variables or stdin.',
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
  storage: Flags.option({
    description:
      'Where secrets go from now on: the OS keyring or the 0600 store file (saved as config auth.secrets.storage; asked on a terminal when the config has none).',
    options: ['keyring', 'file'] as const,
  })(),
  'token-provider': Flags.string({ description: 'Provider of the token.', helpValue: '<id>' }),
  ...GATEWAY_FLAGS,
};

/** The gateway-side flags present in oclif's raw parse output (names, never values: some are secrets). */
export function gatewayFlagsGiven(raw: readonly { type: string; flag?: string; input?: string }[]): string[] {
  const given = new Set<string>();
  for (const t of raw) {
    if (t.type !== 'flag' || !t.flag || !Object.hasOwn(GATEWAY_FLAGS, t.flag)) continue;
    given.add(
      t.flag === 'install-daemon' && t.input === '--no-install-daemon'
        ? '--no-install-daemon'
        : `--${t.flag}`,
    );
  }
  return [...given];
}

export { KEY_NOTE };
