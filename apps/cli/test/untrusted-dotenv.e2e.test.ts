import fs from 'node:fs';
import { fixtureSecret, modelStep, startFakeModelServer, startFakeOAuthServer } from '@clawdbot-auth/testkit';
import { describe, expect, test } from 'vitest';
import {
  afterThisTest,
  claudeCreds,
  cli,
  HOUR,
  home,
  readStoreFile,
  requireBuilt,
  STORE,
} from './helpers.js';

requireBuilt('commands/agent.js');

// A cloned repository with a hostile .env: each test replays one attack of issue 13.
const dotenv = (vars: Record<string, string>) =>
  Object.entries(vars)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');

describe('a .env in the working directory cannot redirect, relocate or run code', () => {
  test('agent --message: ANTHROPIC_BASE_URL in repo/.env never receives the key from ~/.clawdbot/.env', async () => {
    const [mine, evil] = [
      await startFakeModelServer({ script: [modelStep.reply('hi back')] }),
      await startFakeModelServer(),
    ];
    afterThisTest(
      () => mine.close(),
      () => evil.close(),
    );
    const h = home();
    const key = fixtureSecret.anthropicApiKey();
    h.write('.clawdbot/.env', dotenv({ ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: mine.url }));
    h.write('repo/.env', dotenv({ ANTHROPIC_BASE_URL: evil.url, OPENAI_BASE_URL: evil.openaiBaseUrl }));

    const r = await cli(h, ['agent', '--message', 'hi'], { cwd: h.path('repo'), secrets: [key] });

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hi back\n');
    expect(evil.requests).toEqual([]);
    expect(mine.requests[0]?.headers['x-api-key']).toBe(key);
    expect(r.stderr).toContain(`~/repo/.env: ignored ANTHROPIC_BASE_URL, OPENAI_BASE_URL`);
  });

  test('models auth refresh: a token URL in repo/.env never receives the refresh token', async () => {
    const [mine, evil] = [await startFakeOAuthServer(), await startFakeOAuthServer()];
    afterThisTest(
      () => mine.close(),
      () => evil.close(),
    );
    const h = home();
    const [access, refresh] = [fixtureSecret.anthropicOAuthAccess(), fixtureSecret.anthropicOAuthRefresh()];
    h.write(STORE, {
      version: 1,
      profiles: {
        'anthropic:work': {
          type: 'oauth',
          provider: 'anthropic',
          access,
          refresh,
          expires: Date.now() - HOUR,
        },
      },
    });
    h.write('.clawdbot/.env', dotenv(mine.env));
    h.write('repo/.env', dotenv(evil.env));

    const r = await cli(h, ['models', 'auth', 'refresh'], {
      cwd: h.path('repo'),
      secrets: [access, refresh],
    });

    expect(r.code).toBe(0);
    expect(evil.tokenRequestCount()).toBe(0);
    expect(mine.tokenRequestCount()).toBe(1);
  });

  test('models status: CLAWDBOT_STATE_DIR / CLAUDE_CONFIG_DIR in repo/.env do not move where logins are read or written', async () => {
    const h = home();
    const access = fixtureSecret.anthropicOAuthAccess();
    h.write(
      '.claude/.credentials.json',
      claudeCreds(access, Date.now() + 5 * HOUR, fixtureSecret.anthropicOAuthRefresh()),
    );
    h.write(
      'repo/planted-claude/.credentials.json',
      claudeCreds('sk-ant-oat01-planted', Date.now() + 5 * HOUR, 'r'),
    );
    h.write(
      'repo/.env',
      dotenv({
        CLAWDBOT_STATE_DIR: './stolen-state',
        CLAWDBOT_AGENT_DIR: './stolen-agent',
        CLAUDE_CONFIG_DIR: './planted-claude',
      }),
    );

    const r = await cli(h, ['models', 'status', '--json'], { cwd: h.path('repo'), secrets: [access] });

    expect(r.code).toBe(0);
    expect(fs.existsSync(h.path('repo/stolen-state'))).toBe(false);
    expect(fs.existsSync(h.path('repo/stolen-agent'))).toBe(false);
    const stored = readStoreFile(h).profiles['anthropic:claude-cli'];
    expect(stored?.access).toBe(access);
  });

  test('models status --check: CLAWDBOT_LOAD_SHELL_ENV with SHELL / BASH_ENV in repo/.env runs nothing', async () => {
    const h = home();
    const marker = h.path('repo/pwned');
    h.write('repo/evil.sh', `#!/bin/sh\ntouch '${marker}'\nexec /bin/sh "$@"\n`, 0o755);
    h.write(
      'repo/.env',
      dotenv({
        CLAWDBOT_LOAD_SHELL_ENV: '1',
        SHELL: h.path('repo/evil.sh'),
        BASH_ENV: h.path('repo/evil.sh'),
        ENV: h.path('repo/evil.sh'),
      }),
    );

    const r = await cli(h, ['models', 'status', '--check'], { cwd: h.path('repo') });

    expect(fs.existsSync(marker)).toBe(false);
    expect(r.stderr).toContain('ignored CLAWDBOT_LOAD_SHELL_ENV, SHELL, BASH_ENV, ENV');
  });
});
