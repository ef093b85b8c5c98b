import { ClaudeSyncError } from './errors.js';

const CLAUDE_CODE_ONLY = 'only authorized for use with Claude Code';

/** True when a provider error body says the credential works only inside Claude Code. */
export function isClaudeCodeOnlyError(body: unknown): boolean {
  if (typeof body === 'string') return body.includes(CLAUDE_CODE_ONLY);
  try {
    return JSON.stringify(body ?? '').includes(CLAUDE_CODE_ONLY);
  } catch {
    return false;
  }
}

/** The error to show for such a response: not a cooldown, not a refresh; use an API key. */
export function claudeCodeOnlyError(profileId: string): ClaudeSyncError {
  return new ClaudeSyncError(
    'CLAUDE_CODE_ONLY_CREDENTIAL',
    `${profileId}: this credential is only authorized for use with Claude Code and cannot make other API requests`,
    {
      hint: 'use an Anthropic API key: set ANTHROPIC_API_KEY or run clawdbot onboard (setup-tokens go through clawdbot models auth paste-token --provider anthropic)',
    },
  );
}
