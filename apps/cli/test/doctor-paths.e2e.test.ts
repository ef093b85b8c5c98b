/**
 * `clawdbot doctor` runs on the start-up fast path (no oclif) and, with CLAWDBOT_NO_FAST_PATH=1
 * or a user plugin installed, through oclif. Both run the doctor package's one command body:
 * the same output, exit code and repairs on either path.
 */
import fs from 'node:fs';
import { fixtureSecret, type TempHome } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import { claudeCreds, cli, DAY, home, requireBuilt, STORE } from './helpers.js';

requireBuilt('main.bundle.cjs');

const SLOW = { CLAWDBOT_NO_FAST_PATH: '1' };
// Each state is made once (its secrets drawn once), then written into both homes.
const states: [string, () => (h: TempHome) => void][] = [
  [
    'a key in .env and a fresh Claude Code login',
    () => {
      const key = fixtureSecret.anthropicApiKey();
      const creds = claudeCreds(fixtureSecret.anthropicOAuthAccess(), Date.now() + 9 * DAY);
      return (h) => {
        h.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${key}\n`);
        h.write('.claude/.credentials.json', creds);
      };
    },
  ],
  ['a store that is not JSON', () => (h) => h.write(STORE, '{ "version": 1, "profiles": ')],
  [
    'a store anyone can read (a repair)',
    () => {
      const key = fixtureSecret.openaiApiKey();
      return (h) => {
        h.write(STORE, {
          version: 1,
          profiles: { 'openai:default': { type: 'api_key', provider: 'openai', key } },
        });
        fs.chmodSync(h.path(STORE), 0o644);
      };
    },
  ],
];

describe.concurrent('doctor: the fast path and the oclif path agree', () => {
  test.each(states)('%s', async (_name, state) => {
    const setup = state();
    const fast = home();
    const slow = home();
    setup(fast);
    setup(slow);
    for (const args of [
      ['doctor', '--non-interactive'],
      ['doctor', '--json'],
    ]) {
      const a = await cli(fast, args);
      const b = await cli(slow, args, { env: SLOW });
      // home directories and times (the name of a kept corrupt copy) differ between the two runs
      const same = (s: string, h: TempHome) => s.replaceAll(h.home, '~').replace(/\d{13}/g, '<ms>');
      expect({ code: a.code, stdout: same(a.stdout, fast), stderr: same(a.stderr, fast) }).toEqual({
        code: b.code,
        stdout: same(b.stdout, slow),
        stderr: same(b.stderr, slow),
      });
    }
    const files = (h: TempHome) =>
      h
        .listFiles()
        .filter((f) => !f.includes('/logs/'))
        .map((f) => [
          f.replace(/\d{13}/g, '<ms>'),
          (fs.statSync(h.path(f)).mode & 0o777).toString(8),
          h.read(f),
        ]);
    expect(files(fast)).toEqual(files(slow));
  });
});
