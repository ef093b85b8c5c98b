/** `--version` and the root `--help`, answered without loading oclif (src/quick.ts). */
import path from 'node:path';
import { runCli } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { UPSTREAM_VERSION } from '../src/version.js';
import { BIN, cli, home } from './helpers.js';

describe('clawdbot --version', () => {
  test.each([['--version'], ['-V'], ['-v']])(
    '%s names our version and the upstream release',
    async (flag) => {
      const r = await cli(home(), [flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(
          `^clawdbot-auth \\d+\\.\\d+\\.\\d+ \\(drop-in for clawdbot ${UPSTREAM_VERSION}\\) \\S+ node-v\\d+`,
        ),
      );
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe('the former entry path', () => {
  test('node bin/run.js still runs the CLI (scripts that call it directly keep working)', async () => {
    const h = home();
    const bin = path.join(path.dirname(BIN), 'run.js');
    const version = await runCli(['--version'], { home: h.home, env: h.env, bin });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^clawdbot-auth \d+\.\d+\.\d+ /);
    const status = await runCli(['models', 'status', '--check'], { home: h.home, env: h.env, bin });
    expect(status.code).toBe(1); // no credential: the exit code of --check, from the same CLI
    expect(status.stdout).toContain('Missing auth');
  });
});

describe('clawdbot --help', () => {
  test('is what oclif prints, byte for byte, also with no argument', async () => {
    const h = home();
    const slow = await cli(h, ['--help'], { env: { CLAWDBOT_NO_FAST_PATH: '1' } });
    expect(slow.code).toBe(0);
    for (const args of [['--help'], ['-h'], []]) {
      const fast = await cli(h, args);
      expect(fast.code).toBe(0);
      expect(fast.stdout, args.join(' ')).toBe(slow.stdout);
    }
  });

  test("a user plugin's commands are listed (oclif answers when a plugin is installed)", async () => {
    const h = home();
    h.write('greeter/package.json', {
      name: 'greeter',
      version: '1.0.0',
      type: 'module',
      oclif: { commands: './c' },
    });
    h.write('greeter/oclif.manifest.json', {
      version: '1.0.0',
      commands: {
        greet: {
          id: 'greet',
          summary: 'Say hello from a plugin.',
          flags: {},
          args: {},
          aliases: [],
          hidden: false,
        },
      },
    });
    h.write('.local/share/clawdbot/package.json', {
      private: true,
      oclif: { schema: 1, plugins: [{ name: 'greeter', type: 'link', root: h.path('greeter') }] },
    });
    const r = await cli(h, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Say hello from a plugin.');
  });
});
