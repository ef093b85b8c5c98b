import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { claudeCodeOnlyError, isClaudeCodeOnlyError, runClaudeSetupToken } from '../src/index.js';
import { binWith, type Fixture, setup } from './helpers.js';

let fx: Fixture;
afterEach(() => fx?.h.cleanup());

describe('runClaudeSetupToken', () => {
  test('claude not on PATH: CLAUDE_NOT_INSTALLED with an install hint', async () => {
    fx = setup();
    fx.ctx.env.PATH = fx.h.path('empty-bin');
    await expect(runClaudeSetupToken(fx.ctx, { isTTY: true })).rejects.toMatchObject({
      code: 'CLAUDE_NOT_INSTALLED',
      hint: expect.stringContaining('npm install -g @anthropic-ai/claude-code'),
    });
  });

  test('stdin not a TTY: NO_TTY naming the non-interactive alternative, claude never started', async () => {
    fx = setup();
    const marker = fx.h.path('started');
    fx.ctx.env.PATH = binWith(fx.h, 'claude', `touch '${marker}'`);
    await expect(runClaudeSetupToken(fx.ctx, { isTTY: false })).rejects.toMatchObject({
      code: 'NO_TTY',
      hint: expect.stringContaining('clawdbot models auth paste-token --provider anthropic'),
    });
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('runs `claude setup-token`, then syncs the token (config routing is not written here)', async () => {
    fx = setup();
    const expiresAt = fx.clock.now + 300 * 86_400_000;
    const creds = JSON.stringify({
      claudeAiOauth: { accessToken: 'sk-ant-oat01-SETUPTOKENFIXTURE', expiresAt },
    });
    const file = path.join(fx.h.home, '.claude/.credentials.json');
    const args = fx.h.path('args');
    fx.ctx.env.PATH = `${binWith(
      fx.h,
      'claude',
      `echo "$@" > '${args}'; mkdir -p '${path.dirname(file)}'; printf '%s' '${creds}' > '${file}'`,
    )}:/usr/bin:/bin`;
    const r = await runClaudeSetupToken(fx.ctx, { isTTY: true });
    expect(fs.readFileSync(args, 'utf8').trim()).toBe('setup-token');
    expect(r.changed).toEqual(['anthropic:claude-cli']);
    expect(fx.storeJson()?.profiles['anthropic:claude-cli']).toEqual({
      type: 'token',
      provider: 'anthropic',
      token: 'sk-ant-oat01-SETUPTOKENFIXTURE',
      expires: expiresAt,
    });
    expect(fx.h.exists('.clawdbot/clawdbot.json')).toBe(false);
  });

  test('a failing claude setup-token is CLAUDE_SETUP_TOKEN_FAILED', async () => {
    fx = setup();
    fx.ctx.env.PATH = binWith(fx.h, 'claude', 'exit 3');
    await expect(runClaudeSetupToken(fx.ctx, { isTTY: true })).rejects.toMatchObject({
      code: 'CLAUDE_SETUP_TOKEN_FAILED',
    });
  });
});

describe('isClaudeCodeOnlyError', () => {
  const text =
    'This credential is only authorized for use with Claude Code and cannot be used for other API requests.';
  test.each([
    [text, true],
    [{ type: 'error', error: { type: 'invalid_request_error', message: text } }, true],
    [{ error: { message: 'invalid x-api-key' } }, false],
    [undefined, false],
  ])('%j -> %s', (body, want) => {
    expect(isClaudeCodeOnlyError(body)).toBe(want);
  });

  test('the error advises an API key', () => {
    const e = claudeCodeOnlyError('anthropic:claude-cli');
    expect(e.code).toBe('CLAUDE_CODE_ONLY_CREDENTIAL');
    expect(e.hint).toContain('ANTHROPIC_API_KEY');
  });
});
