import fs from 'node:fs';
import { type Credential, sha256Hex } from '@clawdbot-auth/auth-store';
import { parseClaudeCredentials } from './claude-parse.js';
import { codexExpiry, parseCodexCredentials } from './codex-parse.js';
import { claudeCredentialsPath, codexAuthPath, codexHome, displayPath, type SyncContext } from './context.js';
import { readKeychainPassword } from './keychain.js';

/** Where an external credential was read from, and what was wrong with it if anything. */
export interface ExternalRead {
  source: 'file' | 'keychain';
  /** the file (always set for 'file'; the fallback file for 'keychain') */
  path?: string;
  keychain?: { service: string; account?: string };
  credential?: Credential;
  /** "~/.claude/.credentials.json: claudeAiOauth.expiresAt is not a number" */
  problem?: string;
  /** usable, but read with a correction the user should know of (e.g. an expiry in seconds) */
  warning?: string;
}

export const CLAUDE_KEYCHAIN_SERVICE = 'Claude Code-credentials';
export const CODEX_KEYCHAIN_SERVICE = 'Codex Auth';

/** Codex's keychain account: `cli|` + the first 16 hex chars of sha256(codexHome). */
export function codexKeychainAccount(home: string): string {
  return `cli|${sha256Hex(home).slice(0, 16)}`;
}

type FileRead = { text: string; mtimeMs: number; error?: undefined } | { error: string };

async function readFileOrUndefined(file: string): Promise<FileRead | undefined> {
  // Synchronous on purpose: one small file, read on every status; no event-loop round trips.
  try {
    const text = fs.readFileSync(file, 'utf8');
    return { text, mtimeMs: fs.statSync(file).mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return { error: `cannot be read (${code ?? 'error'})` };
  }
}

type Parse = (
  text: string,
  mtimeMs: number,
) => { credential?: Credential; problem?: string; warning?: string };

async function readFromFile(ctx: SyncContext, file: string, parse: Parse): Promise<ExternalRead> {
  const got = await readFileOrUndefined(file);
  if (!got) return { source: 'file', path: file };
  if (got.error !== undefined)
    return { source: 'file', path: file, problem: `${displayPath(ctx, file)}: ${got.error}` };
  const r = parse(got.text, got.mtimeMs);
  if (r.credential) {
    const warning = r.warning ? { warning: `${displayPath(ctx, file)}: ${r.warning}` } : {};
    return { source: 'file', path: file, credential: r.credential, ...warning };
  }
  return { source: 'file', path: file, problem: `${displayPath(ctx, file)}: ${r.problem}` };
}

async function readFromKeychain(
  ctx: SyncContext,
  service: string,
  account: string | undefined,
  parse: Parse,
): Promise<ExternalRead | undefined> {
  if (ctx.platform !== 'darwin') return undefined;
  const r = await readKeychainPassword(ctx, service, account);
  if (r.status !== 'found') return undefined; // missing, timed out or failed: the file is the fallback
  const keychain = account ? { service, account } : { service };
  const parsed = parse(r.password, ctx.now());
  if (parsed.credential) {
    const warning = parsed.warning ? { warning: `keychain item "${service}": ${parsed.warning}` } : {};
    return { source: 'keychain', keychain, credential: parsed.credential, ...warning };
  }
  return { source: 'keychain', keychain, problem: `keychain item "${service}": ${parsed.problem}` };
}

/** Claude Code's login: on macOS the keychain item first, else `~/.claude/.credentials.json`. */
export async function readClaudeCodeCredentials(ctx: SyncContext): Promise<ExternalRead> {
  const file = claudeCredentialsPath(ctx);
  const fromKeychain = await readFromKeychain(
    ctx,
    CLAUDE_KEYCHAIN_SERVICE,
    undefined,
    parseClaudeCredentials,
  );
  if (fromKeychain?.credential) return { ...fromKeychain, path: file };
  const fromFile = await readFromFile(ctx, file, parseClaudeCredentials);
  if (!fromFile.credential && !fromFile.problem && fromKeychain) return { ...fromKeychain, path: file };
  return fromFile;
}

/** Codex CLI's login: on macOS the keychain item first, else `<codexHome>/auth.json`. */
export async function readCodexCredentials(ctx: SyncContext): Promise<ExternalRead> {
  const home = codexHome(ctx);
  const file = codexAuthPath(ctx);
  // Only macOS has the keychain; elsewhere skip the hash (and loading node:crypto).
  const account = ctx.platform === 'darwin' ? codexKeychainAccount(home) : undefined;
  const fromKeychain = await readFromKeychain(ctx, CODEX_KEYCHAIN_SERVICE, account, parseCodexCredentials);
  if (fromKeychain?.credential) return { ...fromKeychain, path: file };
  const fromFile = await readFromFile(ctx, file, parseCodexCredentials);
  if (!fromFile.credential && !fromFile.problem && fromKeychain) return { ...fromKeychain, path: file };
  return fromFile;
}

export { codexExpiry };
