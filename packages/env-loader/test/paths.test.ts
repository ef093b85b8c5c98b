import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createContext, resolveConfigPath, resolveStateDir, tildify } from '../src/index.js';

const ctxWith = (env: Record<string, string>) =>
  createContext({ env, homedir: '/home/ada', cwd: '/work/project', now: () => 0 });

describe('locations', () => {
  test.each([
    [{}, '/home/ada/.clawdbot'],
    [{ CLAWDBOT_STATE_DIR: '~/alt-state' }, '/home/ada/alt-state'],
    [{ CLAWDBOT_STATE_DIR: '~' }, '/home/ada'],
    [{ CLAWDBOT_STATE_DIR: '/srv/clawdbot' }, '/srv/clawdbot'],
    [{ CLAWDBOT_STATE_DIR: 'rel/state' }, '/work/project/rel/state'],
    [{ CLAWDBOT_STATE_DIR: '   ' }, '/home/ada/.clawdbot'],
  ])('state dir for %j is %s', (env, expected) => {
    expect(resolveStateDir(ctxWith(env))).toBe(expected);
  });

  test('config path follows the state dir unless CLAWDBOT_CONFIG_PATH is set', () => {
    expect(resolveConfigPath(ctxWith({ CLAWDBOT_STATE_DIR: '/srv/s' }))).toBe('/srv/s/clawdbot.json');
    expect(resolveConfigPath(ctxWith({ CLAWDBOT_CONFIG_PATH: '~/cfg.json5' }))).toBe('/home/ada/cfg.json5');
  });

  test('createContext takes HOME from the given env when no homedir is given', () => {
    expect(createContext({ env: { HOME: '/home/bob' } }).homedir).toBe('/home/bob');
  });

  test.each([
    ['/home/ada/.clawdbot/.env', '~/.clawdbot/.env'],
    ['/home/ada', '~'],
    ['/home/adam/x', '/home/adam/x'],
    ['/etc/hosts', '/etc/hosts'],
  ])('tildify(%s) = %s', (abs, shown) => {
    expect(tildify(ctxWith({}), abs.split('/').join(path.sep))).toBe(shown);
  });
});
