import { describe, expect, test } from 'vitest';
import { oauthLine, renderStatusText } from '../src/services/status/text.js';
import type { OAuthProfileJson, StatusJson } from '../src/services/status/types.js';

const HOME = '/home/u';

function status(auth: Partial<StatusJson['auth']> = {}, top: Partial<StatusJson> = {}): StatusJson {
  return {
    configPath: `${HOME}/.clawdbot/clawdbot.json`,
    agentDir: `${HOME}/.clawdbot/agents/main/agent`,
    defaultModel: 'opus',
    resolvedDefault: 'anthropic/claude-opus-4-5',
    fallbacks: ['openai/gpt-5.2'],
    imageModel: null,
    imageFallbacks: [],
    aliases: { opus: 'anthropic/claude-opus-4-5' },
    allowed: [],
    auth: {
      storePath: `${HOME}/.clawdbot/agents/main/agent/auth-profiles.json`,
      storeBackend: 'file',
      shellEnvFallback: { enabled: true, appliedKeys: ['ANTHROPIC_API_KEY'] },
      providersWithOAuth: [],
      missingProvidersInUse: [],
      providers: [],
      unusableProfiles: [],
      oauth: { warnAfterMs: 86_400_000, profiles: [], providers: [] },
      problems: [],
      missingHints: {},
      ...auth,
    },
    version: 1,
    check: 0,
    ...top,
  };
}

const profile = (over: Partial<OAuthProfileJson>): OAuthProfileJson => ({
  profileId: 'anthropic:claude-cli',
  provider: 'anthropic',
  type: 'oauth',
  status: 'ok',
  source: 'claude-cli',
  label: 'anthropic:claude-cli',
  fingerprint: 'abcd1234',
  refreshable: true,
  dead: false,
  eligible: true,
  ...over,
});

describe('status text', () => {
  test("upstream's header: labels padded to 14, alias shown with its source, shell env with applied keys", () => {
    const text = renderStatusText(status(), HOME);
    expect(text.split('\n').slice(0, 8)).toEqual([
      'Config        : ~/.clawdbot/clawdbot.json',
      'Agent dir     : ~/.clawdbot/agents/main/agent',
      'Default       : anthropic/claude-opus-4-5 (from opus)',
      'Fallbacks (1) : openai/gpt-5.2',
      'Image model   : -',
      'Image fallbacks (0): -',
      'Aliases (1)   : opus -> anthropic/claude-opus-4-5',
      'Configured models (0): all',
    ]);
    expect(text).toContain('Shell env     : on (applied: ANTHROPIC_API_KEY)');
    expect(text).toMatch(/OAuth\/token status\n- none$/);
  });

  test.each([
    [{ status: 'ok', remainingMs: 10 * 86_400_000 }, 'anthropic:claude-cli ok expires in 10d (claude-cli)'],
    [
      { status: 'expiring', type: 'token', refreshable: false, remainingMs: 2 * 3_600_000 },
      'anthropic:claude-cli expiring expires in 2h (claude-cli)',
    ],
    [
      { status: 'expired', type: 'token', refreshable: false, remainingMs: -5000 },
      'anthropic:claude-cli expired expires in 0m (claude-cli)',
    ],
    [
      { status: 'refreshable', remainingMs: -2 * 3_600_000 },
      'anthropic:claude-cli refreshable (access token expired 2h ago; refreshes on next use) (claude-cli)',
    ],
    [
      { status: 'expired', dead: true, refreshable: false, remainingMs: -60_000 },
      // the same recovery as refresh and doctor: a new Claude Code token, imported as anthropic:claude-cli
      'anthropic:claude-cli expired (refresh token revoked: run clawdbot models auth setup-token --provider anthropic) (claude-cli)',
    ],
    [
      { status: 'static', type: 'token', source: 'store', label: 'anthropic:manual' },
      'anthropic:manual static',
    ],
    [
      { status: 'ok', source: 'store', label: 'anthropic:work (me@example.com)', remainingMs: 45 * 60_000 },
      'anthropic:work (me@example.com) ok expires in 45m',
    ],
  ] as const)('OAuth/token line %#', (over, line) => {
    expect(oauthLine(profile(over as Partial<OAuthProfileJson>))).toBe(line);
  });

  test('missing auth, problems and cooldowns each say what to run', () => {
    const text = renderStatusText(
      status({
        missingProvidersInUse: ['openai'],
        missingHints: {
          openai: 'Run `clawdbot models auth paste-token --provider openai` or set OPENAI_API_KEY.',
        },
        problems: [
          { path: '~/.claude/.credentials.json', message: 'claudeAiOauth.expiresAt is not a number' },
        ],
        unusableProfiles: [
          {
            profileId: 'anthropic:work',
            provider: 'anthropic',
            kind: 'disabled',
            reason: 'billing',
            until: 1,
            remainingMs: 5 * 3_600_000,
          },
        ],
      }),
      HOME,
    );
    expect(text).toContain('- ~/.claude/.credentials.json: claudeAiOauth.expiresAt is not a number');
    expect(text).toContain(
      'Missing auth\n- openai Run `clawdbot models auth paste-token --provider openai` or set OPENAI_API_KEY.',
    );
    expect(text).toContain(
      'Unusable profiles\n- anthropic:work disabled (billing) for 5h: run clawdbot models auth cooldown clear --profile-id anthropic:work',
    );
  });
});
