import fs from 'node:fs/promises';
import path from 'node:path';
import type { SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';
import { type SyncResult, syncExternalCredentials } from './sync.js';

/** The first executable named `name` on the context's PATH. */
export async function findOnPath(ctx: SyncContext, name: string): Promise<string | undefined> {
  for (const dir of (ctx.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, fs.constants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function runInherited(bin: string, args: string[], env: SyncContext['env']): Promise<number | null> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

/**
 * Runs `claude setup-token` on the inherited terminal, then syncs `anthropic:claude-cli` into the
 * store (@clawdbot-auth/credentials' setupTokenAndRoute also routes it in config).
 * @throws CLAUDE_NOT_INSTALLED, NO_TTY, CLAUDE_SETUP_TOKEN_FAILED
 */
export async function runClaudeSetupToken(
  ctx: SyncContext,
  opts: { agentId?: string; isTTY?: boolean } = {},
): Promise<SyncResult> {
  const bin = await findOnPath(ctx, 'claude');
  if (!bin) {
    throw new ClaudeSyncError(
      'CLAUDE_NOT_INSTALLED',
      'claude (Claude Code) is not installed or not on PATH',
      {
        hint: 'npm install -g @anthropic-ai/claude-code, then: clawdbot models auth setup-token',
      },
    );
  }
  if (!(opts.isTTY ?? process.stdin.isTTY === true)) {
    throw new ClaudeSyncError(
      'NO_TTY',
      'claude setup-token needs an interactive terminal (stdin is not a TTY)',
      {
        hint: 'run it in a terminal, or paste a token instead: clawdbot models auth paste-token --provider anthropic',
      },
    );
  }
  const code = await runInherited(bin, ['setup-token'], ctx.env);
  if (code !== 0) {
    throw new ClaudeSyncError('CLAUDE_SETUP_TOKEN_FAILED', `claude setup-token exited with status ${code}`, {
      hint: 'claude setup-token',
    });
  }
  return syncExternalCredentials(ctx, opts.agentId ?? 'main', { force: true });
}
