import { fixtureSecret } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { cli, HOUR, home, STORE } from './helpers.js';

/** Commands with nothing to do must leave an empty HOME empty (no store, not even folders). */
describe.concurrent('commands with nothing to change write nothing', () => {
  test('order clear on an empty HOME: prints the result, creates no folder', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'order', 'clear', '--provider', 'anthropic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Agent: main\nProvider: anthropic\nCleared per-agent order override.\nEffective order: (none: no usable credential)\n',
    );
    expect(h.listFiles()).toEqual([]);
  });

  test('cooldown clear on an empty HOME: "No cooldowns to clear.", creates no folder', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'cooldown', 'clear', '--provider', 'anthropic']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('No cooldowns to clear.');
    expect(h.listFiles()).toEqual([]);
  });

  test('remove of an unknown profile: exit 1 naming the store with ~, nothing written', async () => {
    const h = home();
    const r = await cli(h, ['models', 'auth', 'remove', '--profile-id', 'anthropic:x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Error: Auth profile "anthropic:x" not found in ~/.clawdbot/agents/main/agent/auth-profiles.json.',
    );
    expect(h.listFiles()).toEqual([]);
  });
});

describe.concurrent('cooldown clear', () => {
  test('list names the cooldown or disable reason; without --provider / --profile-id clear clears every profile', async () => {
    const h = home();
    const until = Date.now() + HOUR;
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:a': { type: 'api_key', provider: 'anthropic', key: fixtureSecret.anthropicApiKey() },
        'openai:b': { type: 'api_key', provider: 'openai', key: fixtureSecret.openaiApiKey() },
      },
      usageStats: {
        'anthropic:a': { cooldownUntil: until, errorCount: 2 },
        'openai:b': { disabledUntil: until, disabledReason: 'billing' },
      },
    });
    const listed = await cli(h, ['models', 'auth', 'list']);
    expect(listed.stdout).toMatch(/^- anthropic:a api_key .* \[cooldown for (59m|1h)\]$/m);
    expect(listed.stdout).toMatch(/^- openai:b api_key .* \[disabled: billing for (59m|1h)\]$/m);
    const r = await cli(h, ['models', 'auth', 'cooldown', 'clear']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Cleared cooldowns: anthropic:a, openai:b');
    const list = JSON.parse((await cli(h, ['models', 'auth', 'list', '--json'])).stdout);
    expect(list.profiles.map((p: { cooldownUntil?: number }) => p.cooldownUntil)).toEqual([
      undefined,
      undefined,
    ]);
  });
});
