import { describe, expect, test } from 'vitest';
import { applyGlobalOptions, parseGlobalOptions } from '../src/index.js';

describe('global options (--profile, --dev, --no-color)', () => {
  test.each([
    [['--profile', 'work', 'models', 'status'], ['models', 'status'], 'work'],
    [['models', 'status', '--profile', 'work', '--json'], ['models', 'status', '--json'], 'work'],
    [['--profile=work', 'models', 'status'], ['models', 'status'], 'work'],
    [['models', '--dev', 'status'], ['models', 'status'], 'dev'],
    [['--dev', '--dev', 'doctor'], ['doctor'], 'dev'],
    [
      ['models', 'auth', 'exec', '--', 'env', '--profile', 'x'],
      ['models', 'auth', 'exec', '--', 'env', '--profile', 'x'],
      undefined,
    ],
  ])('%j -> %j, profile %s', (argv, rest, profile) => {
    const parsed = parseGlobalOptions(argv);
    expect(parsed.argv).toEqual(rest);
    expect(parsed.profile).toBe(profile);
  });

  test.each([
    [['--profile', 'work', '--dev', 'models'], 'Cannot combine --dev with --profile'],
    [['--dev', 'models', '--profile', 'work'], 'Cannot combine --dev with --profile'],
    [['models', 'status', '--profile'], '--profile requires a value'],
    [['--profile', '../x', 'models'], 'Invalid --profile (use letters, numbers, "_", "-" only)'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseGlobalOptions(argv)).toThrow(message);
  });

  test('a profile sets the state dir and config path unless they are set; --no-color sets NO_COLOR', () => {
    const env: NodeJS.ProcessEnv = {};
    applyGlobalOptions({ profile: 'work', noColor: true }, env, '/home/u');
    expect(env).toEqual({
      NO_COLOR: '1',
      CLAWDBOT_PROFILE: 'work',
      CLAWDBOT_STATE_DIR: '/home/u/.clawdbot-work',
      CLAWDBOT_CONFIG_PATH: '/home/u/.clawdbot-work/clawdbot.json',
    });
    const dev: NodeJS.ProcessEnv = { CLAWDBOT_STATE_DIR: '/srv/state' };
    applyGlobalOptions({ profile: 'dev', noColor: false }, dev, '/home/u');
    expect(dev).toEqual({
      CLAWDBOT_PROFILE: 'dev',
      CLAWDBOT_STATE_DIR: '/srv/state',
      CLAWDBOT_CONFIG_PATH: '/srv/state/clawdbot.json',
      CLAWDBOT_GATEWAY_PORT: '19001',
    });
    const plain: NodeJS.ProcessEnv = {};
    applyGlobalOptions({ profile: 'default', noColor: false }, plain, '/home/u');
    expect(plain.CLAWDBOT_STATE_DIR).toBe('/home/u/.clawdbot');
  });
});
