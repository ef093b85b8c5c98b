import path from 'node:path';
import { type RuntimeContext, resolveStateDir } from '@clawdbot-auth/env-loader';
import type { SecretsConfig } from '@clawdbot-auth/secrets';

/**
 * The runtime context plus the knobs of this package. Every field is optional, so a plain
 * RuntimeContext works everywhere; tests shorten the timeouts and capture the log.
 */
export interface SyncContext extends RuntimeContext {
  /** Chatter ("synced anthropic credentials from claude cli"); default: stderr. Never stdout. */
  log?: (line: string) => void;
  /** Deadline of one `security` call (default 5000 ms). */
  keychainTimeoutMs?: number;
  /** Deadline of one token-endpoint request (default 30000 ms), well below the lock's stale time. */
  oauthTimeoutMs?: number;
  /** `secrets` of clawdbot.json, for profiles whose key or token sits behind a ref */
  secrets?: SecretsConfig;
}

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;
export const DEFAULT_OAUTH_TIMEOUT_MS = 30_000;

/** Writes one line of chatter to the injected logger, else stderr. */
export function logLine(ctx: SyncContext, line: string): void {
  if (ctx.log) ctx.log(line);
  else process.stderr.write(`${line}\n`);
}

function setting(ctx: RuntimeContext, name: string): string | undefined {
  const v = ctx.env[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function expand(ctx: RuntimeContext, p: string): string {
  if (p === '~') return ctx.homedir;
  if (p.startsWith('~/')) return path.join(ctx.homedir, p.slice(2));
  return path.resolve(ctx.cwd, p);
}

/** Claude Code's config dir: CLAUDE_CONFIG_DIR or ~/.claude. */
export function claudeConfigDir(ctx: RuntimeContext): string {
  const o = setting(ctx, 'CLAUDE_CONFIG_DIR');
  return o ? expand(ctx, o) : path.join(ctx.homedir, '.claude');
}

/** `<claude config dir>/.credentials.json`. */
export function claudeCredentialsPath(ctx: RuntimeContext): string {
  return path.join(claudeConfigDir(ctx), '.credentials.json');
}

/** Codex CLI's home: CODEX_HOME or ~/.codex. */
export function codexHome(ctx: RuntimeContext): string {
  const o = setting(ctx, 'CODEX_HOME');
  return o ? expand(ctx, o) : path.join(ctx.homedir, '.codex');
}

/** `<codex home>/auth.json`. */
export function codexAuthPath(ctx: RuntimeContext): string {
  return path.join(codexHome(ctx), 'auth.json');
}

/** `<state>/locks`, where the per-identity OAuth refresh locks live. */
export function locksDir(ctx: RuntimeContext): string {
  return path.join(resolveStateDir(ctx), 'locks');
}

/** "~/.claude/.credentials.json" for messages. */
export function displayPath(ctx: RuntimeContext, abs: string): string {
  const home = ctx.homedir.replace(/\/+$/, '');
  if (home && abs.startsWith(`${home}/`)) return `~/${abs.slice(home.length + 1)}`;
  return abs;
}
