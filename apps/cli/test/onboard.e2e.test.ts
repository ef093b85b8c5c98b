import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import {
  CONFIG,
  claudeCreds,
  cli,
  DAY,
  expectStoredProfile,
  home,
  readStoreFile,
  requireBuilt,
  STORE,
} from './helpers.js';

requireBuilt('commands/onboard.js');

// Upstream's own command lines (`clawdbot onboard --help` of 2026.1.24-3), scripted as its docs
// show: every step but the credential one skipped.
const UPSTREAM = ['onboard', '--non-interactive', '--accept-risk'];
const SKIPS = ['--skip-daemon', '--skip-channels', '--skip-skills', '--skip-health', '--skip-ui'];

interface Summary {
  mode: string;
  authChoice: string;
  profiles: { profileId: string; action: string; replaced?: boolean; previous?: { type: string } }[];
  replaced: boolean;
  leftToGateway: string[];
}

describe.concurrent('onboard: every upstream key choice stores the key under upstream profile id', () => {
  test.each([
    ['apiKey', 'anthropic-api-key', 'anthropic:default', 'anthropic'],
    ['openai-api-key', 'openai-api-key', 'openai:default', 'openai'],
    ['openrouter-api-key', 'openrouter-api-key', 'openrouter:default', 'openrouter'],
    ['ai-gateway-api-key', 'ai-gateway-api-key', 'vercel-ai-gateway:default', 'vercel-ai-gateway'],
    ['moonshot-api-key', 'moonshot-api-key', 'moonshot:default', 'moonshot'],
    ['kimi-code-api-key', 'kimi-code-api-key', 'kimi-code:default', 'kimi-code'],
    ['synthetic-api-key', 'synthetic-api-key', 'synthetic:default', 'synthetic'],
    ['gemini-api-key', 'gemini-api-key', 'google:default', 'google'],
    ['zai-api-key', 'zai-api-key', 'zai:default', 'zai'],
    ['minimax-api', 'minimax-api-key', 'minimax:default', 'minimax'],
    ['minimax-api-lightning', 'minimax-api-key', 'minimax:default', 'minimax'],
    ['opencode-zen', 'opencode-zen-api-key', 'opencode:default', 'opencode'],
  ])('--auth-choice %s --%s <key> --json', async (choice, flag, profileId, provider) => {
    const h = home();
    const key = fixtureSecret.opaque();
    const r = await cli(h, [...UPSTREAM, '--auth-choice', choice, `--${flag}`, key, ...SKIPS, '--json']);
    expect(r.stderr).not.toMatch(/^Error/m);
    expect(r.code).toBe(0);
    expectStoredProfile(h, profileId, { type: 'api_key', provider, key });
    const s = JSON.parse(r.stdout) as Summary;
    expect(s).toMatchObject({ mode: 'local', authChoice: choice, replaced: false });
    expect(s.profiles).toMatchObject([{ profileId, action: 'stored', replaced: false }]);
    expect(s.leftToGateway).toEqual(SKIPS);
    // one line names the skipped steps, the rest of the output is the JSON document
    expect(r.stderr.trim().split('\n')).toEqual([
      `${SKIPS.join(', ')}: left to the gateway's own setup; only model credentials are set up here.`,
    ]);
  });
});

describe.concurrent('onboard: keys from variables and stdin, what is replaced or kept', () => {
  test('the key comes from the provider variable when the flag is absent (ZAI_API_KEY)', async () => {
    const h = home();
    const key = fixtureSecret.opaque();
    const r = await cli(h, [...UPSTREAM, '--auth-choice', 'zai-api-key'], { env: { ZAI_API_KEY: key } });
    expect(r.code).toBe(0);
    expectStoredProfile(h, 'zai:default', { type: 'api_key', provider: 'zai', key });
    expect(r.stdout).toContain('Auth profile: zai:default (zai/api_key)');
  });

  test('a second key replaces the first and says so; the same command without a key keeps it', async () => {
    const h = home();
    const [first, second] = [fixtureSecret.anthropicApiKey(), fixtureSecret.anthropicApiKey()];
    const run = (extra: string[], stdin?: string) =>
      cli(h, [...UPSTREAM, '--auth-choice', 'apiKey', ...extra], stdin === undefined ? {} : { stdin });
    expect((await run(['--anthropic-api-key', '-'], first)).stdout).not.toContain('Replaced');
    const again = await run(['--anthropic-api-key', '-', '--json'], second);
    expect(again.code).toBe(0);
    const s = JSON.parse(again.stdout) as Summary;
    expect(s.replaced).toBe(true);
    expect(s.profiles[0]).toMatchObject({ replaced: true, previous: { type: 'api_key' } });
    expect(readStoreFile(h).profiles['anthropic:default']?.key).toBe(second);
    const text = await run(['--anthropic-api-key', '-'], first);
    expect(text.stdout).toMatch(
      /^Replaced the api_key stored under anthropic:default \(fingerprint [0-9a-f]{8}\)\.$/m,
    );

    const kept = await run([]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('anthropic:default (anthropic/api_key, kept: no new key given)');
    expect(readStoreFile(h).profiles['anthropic:default']?.key).toBe(first);
  });

  test('no key anywhere: exit 1 naming the flag and the variable, nothing written', async () => {
    const h = home();
    const r = await cli(h, [...UPSTREAM, '--auth-choice', 'moonshot-api-key']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Error: --auth-choice moonshot-api-key needs --moonshot-api-key (or MOONSHOT_API_KEY',
    );
    expect(r.stderr).toContain('--moonshot-api-key -');
    expect(h.listFiles()).toEqual([]);
  });
});

describe.concurrent('onboard: logins, local CLI logins, skip and the gateway flags', () => {
  test('--auth-choice claude-cli uses the Claude Code login (anthropic:claude-cli, routed as oauth)', async () => {
    const h = home();
    const access = fixtureSecret.anthropicOAuthAccess();
    h.write(
      '.claude/.credentials.json',
      claudeCreds(access, Date.now() + 5 * DAY, fixtureSecret.anthropicOAuthRefresh()),
    );
    const r = await cli(h, [...UPSTREAM, '--auth-choice', 'claude-cli', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).profiles).toEqual([
      { action: 'imported', profileId: 'anthropic:claude-cli', provider: 'anthropic' },
    ]);
    expect(readStoreFile(h).profiles['anthropic:claude-cli']).toMatchObject({ type: 'oauth', access });
    expect(h.readJson<{ auth: { profiles: object } }>(CONFIG).auth.profiles).toEqual({
      'anthropic:claude-cli': { provider: 'anthropic', mode: 'oauth' },
    });
  });

  test('--auth-choice claude-cli / codex-cli without that login: exit 1 naming the file, nothing written', async () => {
    const h = home();
    const c = await cli(h, [...UPSTREAM, '--auth-choice', 'claude-cli']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^Error: No Claude Code login to use: .*\.claude\/\.credentials\.json/m);
    const x = await cli(h, [...UPSTREAM, '--auth-choice', 'codex-cli']);
    expect(x.code).toBe(1);
    expect(x.stderr).toMatch(/^Error: No Codex CLI login to use: .*\.codex\/auth\.json/m);
    expect(x.stderr).toContain('`codex login`');
    expect(h.listFiles().filter((f) => !f.endsWith('auth-profiles.json'))).toEqual([]);
  });

  test.each([
    ['openai-codex', 'clawdbot models auth login --provider openai-codex'],
    ['chutes', 'clawdbot models auth login --provider chutes'],
    ['setup-token', '--auth-choice token --token-provider anthropic --token -'],
  ])('--auth-choice %s needs a terminal: exit 1 with what to run instead', async (choice, hint) => {
    const h = home();
    const r = await cli(h, [...UPSTREAM, '--auth-choice', choice]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs an interactive terminal/);
    expect(r.stderr).toContain(hint);
    expect(h.exists('.clawdbot/clawdbot.json')).toBe(false);
  });

  test('a full upstream command line: gateway, daemon, tailscale and workspace flags are named in one line, never their values', async () => {
    const h = home();
    const key = fixtureSecret.openrouterApiKey();
    const gatewayToken = fixtureSecret.opaque();
    const args = [
      ...UPSTREAM,
      '--flow',
      'quickstart',
      '--mode',
      'local',
      '--workspace',
      `${h.home}/clawd`,
      '--reset',
      '--auth-choice',
      'openrouter-api-key',
      '--openrouter-api-key',
      key,
      '--gateway-port',
      '18789',
      '--gateway-bind',
      'loopback',
      '--gateway-auth',
      'token',
      '--gateway-token',
      gatewayToken,
      '--tailscale',
      'off',
      '--tailscale-reset-on-exit',
      '--no-install-daemon',
      '--daemon-runtime',
      'node',
      '--skip-channels',
      '--skip-skills',
      '--skip-health',
      '--skip-ui',
      '--node-manager',
      'pnpm',
    ];
    const r = await cli(h, args, { secrets: [key, gatewayToken] });
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(
      "--flow, --workspace, --reset, --gateway-port, --gateway-bind, --gateway-auth, --gateway-token, --tailscale, --tailscale-reset-on-exit, --no-install-daemon, --daemon-runtime, --skip-channels, --skip-skills, --skip-health, --skip-ui, --node-manager: left to the gateway's own setup; only model credentials are set up here.",
    );
    expectStoredProfile(h, 'openrouter:default', { type: 'api_key', provider: 'openrouter', key });
    expect(h.exists('clawd')).toBe(false);
    expect(h.read(CONFIG)).not.toContain(gatewayToken);
  });

  test('--auth-choice skip (and no choice) stores nothing and exits 0; --mode remote stores nothing', async () => {
    const h = home();
    const skip = await cli(h, [...UPSTREAM, '--auth-choice', 'skip', ...SKIPS]);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toBe('No credential stored (--auth-choice skip).\n');
    expect((await cli(h, [...UPSTREAM, '--json'])).stdout).toContain('"authChoice": "skip"');
    const remote = await cli(h, [...UPSTREAM, '--mode', 'remote', '--remote-url', 'wss://gw.example:18789'], {
      env: { ANTHROPIC_API_KEY: fixtureSecret.anthropicApiKey() },
    });
    expect(remote.code).toBe(0);
    expect(remote.stdout).toMatch(/^Nothing stored: with --mode remote/);
    expect(h.listFiles()).toEqual([]);
  });

  test('an unknown --auth-choice is a usage error naming it; nothing written', async () => {
    const h = home();
    const r = await cli(h, [...UPSTREAM, '--auth-choice', 'api-key']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: --auth-choice api-key is not a choice upstream knows/m);
    expect(h.listFiles()).toEqual([]);
  });

  test('--storage keyring: saved as config auth.secrets.storage, the key goes to the keyring', async () => {
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    const r = await cli(
      h,
      [...UPSTREAM, '--auth-choice', 'apiKey', '--anthropic-api-key', '-', '--storage', 'keyring'],
      { stdin: key, keyring: true },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('New secrets go to the OS keyring (config auth.secrets.storage).');
    expect(h.readJson<{ auth: { secrets: unknown } }>(CONFIG).auth.secrets).toEqual({ storage: 'keyring' });
    expect(h.read(STORE)).not.toContain(key.slice(-12));
    expect(readStoreFile(h).profiles['anthropic:default']).toMatchObject({
      clawdbot: { keyring: { account: 'main/anthropic:default' } },
    });
  });
});
