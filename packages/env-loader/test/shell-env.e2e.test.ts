import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { loadEnvironment, originOf } from '../src/index.js';
import { makeSandbox, type Sandbox } from './helpers.js';

let box: Sandbox;
afterEach(() => box?.home.cleanup());

/** A fake login shell: logs its arguments and HOME to $HOME/shell.log, then runs what -c asked for. */
function fakeShell(sandbox: Sandbox, exports: string, before = ''): string {
  return sandbox.script(
    'fake-shell',
    [
      'printf "args=%s home=%s\\n" "$*" "$HOME" >> "$HOME/shell.log"',
      'env | cut -d= -f1 | sort > "$HOME/shell-env-names.txt"',
      before,
      `export ${exports}`,
      'exec /bin/sh -c "$3"',
    ].join('\n'),
  );
}

const logLines = (sandbox: Sandbox) =>
  fs.existsSync(sandbox.home.path('shell.log')) ? sandbox.home.read('shell.log').trim().split('\n') : [];

function shellBox(env: Record<string, string> = {}): Sandbox {
  return makeSandbox(env);
}

describe('login-shell import', () => {
  test('fifth layer: imports only allow-listed keys that are still missing', async () => {
    box = shellBox({ OPENAI_API_KEY: 'sk-proc', ANTHROPIC_API_KEY: ' ' });
    box.ctx.env.SHELL = fakeShell(
      box,
      'OPENAI_API_KEY=sk-shell ANTHROPIC_API_KEY=sk-shell GEMINI_API_KEY=g-shell OPENROUTER_API_KEY=or-shell ' +
        'ZAI_API_KEY=z-shell GROQ_API_KEY=gq-shell NOT_ALLOWED=leak AWS_SECRET_ACCESS_KEY=leak2',
    );
    box.home.write('project/.env', 'ANTHROPIC_API_KEY=sk-cwd\nGEMINI_API_KEY=g-cwd\n');
    box.home.write('.clawdbot/.env', 'GEMINI_API_KEY=g-state\nOPENROUTER_API_KEY=or-state\n');
    const configEnv = {
      vars: { OPENROUTER_API_KEY: 'or-cfg', ZAI_API_KEY: 'z-cfg' },
      shellEnv: { enabled: true },
    };

    const loaded = await loadEnvironment(box.ctx, { configEnv });

    expect(box.ctx.env).toMatchObject({
      OPENAI_API_KEY: 'sk-proc',
      ANTHROPIC_API_KEY: 'sk-cwd',
      GEMINI_API_KEY: 'g-cwd',
      OPENROUTER_API_KEY: 'or-state',
      ZAI_API_KEY: 'z-cfg',
      GROQ_API_KEY: 'gq-shell',
    });
    expect(box.ctx.env.NOT_ALLOWED).toBeUndefined();
    expect(box.ctx.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(loaded.shell).toEqual({ enabled: true, appliedKeys: ['GROQ_API_KEY'] });
    expect(originOf(loaded, 'GROQ_API_KEY')).toEqual({ kind: 'login-shell' });
    expect(loaded.warnings).toEqual([]);
  });

  test('runs `$SHELL -l -c "env -0"` with the context env and HOME', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: 'On' });
    box.ctx.env.HOME = '/nonexistent-home';
    box.ctx.env.SHELL = fakeShell(box, 'MINIMAX_API_KEY=mm');
    const loaded = await loadEnvironment(box.ctx);
    expect(loaded.shell.appliedKeys).toEqual(['MINIMAX_API_KEY']);
    expect(logLines(box)).toEqual([`args=-l -c env -0 home=${box.home.home}`]);
  });

  test('the shell runs once per process, even when loaded again', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: '1' });
    box.ctx.env.SHELL = fakeShell(box, 'SLACK_BOT_TOKEN=xoxb-shell');
    await loadEnvironment(box.ctx);
    const other = { ...box.ctx, env: { ...box.ctx.env, SLACK_BOT_TOKEN: undefined } };
    const second = await loadEnvironment(other);
    expect(other.env.SLACK_BOT_TOKEN).toBe('xoxb-shell');
    expect(second.shell.appliedKeys).toEqual(['SLACK_BOT_TOKEN']);
    expect(logLines(box)).toHaveLength(1);
  });

  test('is off unless config or CLAWDBOT_LOAD_SHELL_ENV turns it on', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: '0' });
    box.ctx.env.SHELL = fakeShell(box, 'XAI_API_KEY=x');
    const loaded = await loadEnvironment(box.ctx, { configEnv: { shellEnv: { enabled: false } } });
    expect(loaded.shell).toEqual({ enabled: false, appliedKeys: [] });
    expect(box.ctx.env.XAI_API_KEY).toBeUndefined();
    expect(logLines(box)).toEqual([]);
  });

  test('a hanging shell is killed at the timeout: one warning, other layers loaded, no second run', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: 'true', CLAWDBOT_SHELL_ENV_TIMEOUT_MS: '300' });
    box.ctx.env.SHELL = fakeShell(box, 'OPENAI_API_KEY=never', 'sleep 60');
    box.home.write('.clawdbot/.env', 'ANTHROPIC_API_KEY=sk-state\n');

    const loaded = await loadEnvironment(box.ctx);
    const again = await loadEnvironment(box.ctx);

    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain('timed out after 300 ms');
    expect(loaded.shell.error).toContain('timed out');
    expect(loaded.shell.appliedKeys).toEqual([]);
    expect(box.ctx.env.ANTHROPIC_API_KEY).toBe('sk-state');
    expect(box.ctx.env.OPENAI_API_KEY).toBeUndefined();
    expect(again.shell.error).toBe(loaded.shell.error);
    expect(logLines(box)).toHaveLength(1);
  });

  test('config timeoutMs wins over the environment variable', async () => {
    box = shellBox({ CLAWDBOT_SHELL_ENV_TIMEOUT_MS: '60000' });
    box.ctx.env.SHELL = fakeShell(box, 'OPENAI_API_KEY=never', 'sleep 60');
    const loaded = await loadEnvironment(box.ctx, {
      configEnv: { shellEnv: { enabled: true, timeoutMs: 250 } },
    });
    expect(loaded.shell.error).toContain('timed out after 250 ms');
  });

  test.each([
    ['exits non-zero', 'exit 3', 'exited with code 3'],
    ['prints more than 2 MiB', 'head -c 3000000 /dev/zero; exit 0', 'printed more than 2097152 bytes'],
  ])('a shell that %s is one warning and imports nothing', async (_what, before, message) => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: 'yes' });
    box.ctx.env.SHELL = fakeShell(box, 'OPENAI_API_KEY=never', before);
    const loaded = await loadEnvironment(box.ctx);
    expect(loaded.warnings).toEqual([expect.stringContaining(message)]);
    expect(box.ctx.env.OPENAI_API_KEY).toBeUndefined();
  });

  test('a missing shell binary is one warning', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: '1' });
    box.ctx.env.SHELL = box.home.path('bin/no-such-shell');
    const loaded = await loadEnvironment(box.ctx);
    expect(loaded.warnings).toEqual([expect.stringContaining('could not start (ENOENT)')]);
  });

  test('the shell gets a minimal environment: HOME, USER, LOGNAME, PATH, never BASH_ENV, ENV, LD_*', async () => {
    box = shellBox({
      CLAWDBOT_LOAD_SHELL_ENV: '1',
      USER: 'ada',
      LOGNAME: 'ada',
      NODE_OPTIONS: '--require /tmp/evil.js',
      LD_PRELOAD: '/tmp/evil.so',
      ENV: '/tmp/evil.sh',
      SECRET_OF_THE_PROCESS: 'x',
    });
    box.ctx.env.SHELL = fakeShell(box, 'OPENAI_API_KEY=sk-shell');
    await loadEnvironment(box.ctx);
    const names = box.home.read('shell-env-names.txt').trim().split('\n');
    for (const name of ['HOME', 'USER', 'LOGNAME', 'PATH']) expect(names).toContain(name);
    for (const name of [
      'NODE_OPTIONS',
      'LD_PRELOAD',
      'ENV',
      'SECRET_OF_THE_PROCESS',
      'CLAWDBOT_LOAD_SHELL_ENV',
    ])
      expect(names).not.toContain(name);
  });

  test('BASH_ENV set for this process does not run in the login shell (bash reads it even with -l)', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: '1', SHELL: '/bin/bash' });
    const marker = box.home.path('bash-env-ran');
    box.ctx.env.BASH_ENV = box.script('evil.sh', `touch '${marker}'`);
    box.home.write('.profile', 'export SLACK_APP_TOKEN=xapp-from-profile\n');
    const loaded = await loadEnvironment(box.ctx);
    expect(loaded.shell.appliedKeys).toContain('SLACK_APP_TOKEN');
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('SHELL unset: /bin/sh runs as a login shell (reads ~/.profile, chatter before env ignored)', async () => {
    box = shellBox({ CLAWDBOT_LOAD_SHELL_ENV: '1' });
    delete box.ctx.env.SHELL;
    box.home.write('.profile', 'echo "Welcome back"\nexport ANTHROPIC_API_KEY=sk-from-profile\n');
    const loaded = await loadEnvironment(box.ctx);
    expect(box.ctx.env.ANTHROPIC_API_KEY).toBe('sk-from-profile');
    expect(loaded.shell.appliedKeys).toContain('ANTHROPIC_API_KEY');
    expect(loaded.warnings).toEqual([]);
  });
});
