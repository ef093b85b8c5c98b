import fs from 'node:fs/promises';
import type { OAuthCredential } from '@clawdbot-auth/auth-store';
import { isFsSafeError, writeFileAtomic } from '@clawdbot-auth/fs-safe';
import { claudeCredentialsPath, displayPath, type SyncContext } from './context.js';
import { ClaudeSyncError } from './errors.js';
import { readKeychainAccount, readKeychainPassword, writeKeychainPassword } from './keychain.js';
import { isRecord, parseJsonQuietly } from './parse-json.js';
import { CLAUDE_KEYCHAIN_SERVICE } from './read-external.js';

/** Claude Code's default keychain account when the item does not say. */
const DEFAULT_CLAUDE_ACCOUNT = 'Claude Code';

/** Sets the three rotated fields, keeping every other key of the document and of claudeAiOauth. */
function patchClaudeJson(text: string, cred: OAuthCredential): string | undefined {
  const parsed = parseJsonQuietly(text);
  if (!parsed.ok || !isRecord(parsed.value) || !isRecord(parsed.value.claudeAiOauth)) return undefined;
  const doc = parsed.value;
  doc.claudeAiOauth = {
    ...(doc.claudeAiOauth as Record<string, unknown>),
    accessToken: cred.access,
    refreshToken: cred.refresh,
    expiresAt: cred.expires,
  };
  const indented = /^\{\s*\n(\s+)/.exec(text)?.[1]?.length;
  return `${JSON.stringify(doc, null, indented ?? 0)}${text.endsWith('\n') ? '\n' : ''}`;
}

/** Was the grant we rotated (its old refresh token) still Claude Code's? */
function holdsGrant(text: string, oldRefresh: string): boolean {
  const parsed = parseJsonQuietly(text);
  if (!parsed.ok || !isRecord(parsed.value) || !isRecord(parsed.value.claudeAiOauth)) return false;
  return parsed.value.claudeAiOauth.refreshToken === oldRefresh;
}

async function writeBackFile(ctx: SyncContext, cred: OAuthCredential, oldRefresh: string): Promise<boolean> {
  const file = claudeCredentialsPath(ctx);
  let bytes: Buffer;
  let mode: number;
  try {
    [bytes, mode] = await Promise.all([fs.readFile(file), fs.stat(file).then((s) => s.mode & 0o777)]);
  } catch {
    return false;
  }
  const text = bytes.toString('utf8');
  if (!holdsGrant(text, oldRefresh)) return false;
  const next = patchClaudeJson(text, cred);
  if (next === undefined) return false;
  try {
    // Claude Code does not take our lock: compare-and-swap against the bytes read, so a
    // login Claude Code wrote meanwhile is never replaced (the mode of its file is kept).
    writeFileAtomic(file, next, { mode, expect: bytes });
  } catch (err) {
    if (isFsSafeError(err) && err.code === 'WRITE_CONFLICT') return false;
    const why = isFsSafeError(err) ? (err.cause as { code?: string } | undefined)?.code : undefined;
    throw new ClaudeSyncError(
      'WRITE_BACK_FAILED',
      `${displayPath(ctx, file)}: could not write the refreshed token back (${why ?? 'error'})`,
      {
        path: file,
        hint: 'check the permissions of the file, then: clawdbot models auth refresh --profile-id anthropic:claude-cli',
      },
    );
  }
  return true;
}

async function writeBackKeychain(
  ctx: SyncContext,
  cred: OAuthCredential,
  oldRefresh: string,
): Promise<boolean> {
  const got = await readKeychainPassword(ctx, CLAUDE_KEYCHAIN_SERVICE);
  if (got.status !== 'found' || !holdsGrant(got.password, oldRefresh)) return false;
  const next = patchClaudeJson(got.password, cred);
  if (next === undefined) return false;
  const account = (await readKeychainAccount(ctx, CLAUDE_KEYCHAIN_SERVICE)) ?? DEFAULT_CLAUDE_ACCOUNT;
  if (await writeKeychainPassword(ctx, CLAUDE_KEYCHAIN_SERVICE, account, next.trimEnd())) return true;
  throw new ClaudeSyncError(
    'WRITE_BACK_FAILED',
    `keychain item "${CLAUDE_KEYCHAIN_SERVICE}": could not write the refreshed token back`,
    {
      hint: 'unlock the login keychain, then: clawdbot models auth refresh --profile-id anthropic:claude-cli',
    },
  );
}

/**
 * After we rotated `anthropic:claude-cli`, puts the new tokens where Claude Code keeps them
 * (the keychain item on macOS when it holds this grant, else the file), atomically and with
 * the file's mode kept. Does nothing when Claude Code has since moved to another grant.
 * @throws WRITE_BACK_FAILED
 */
export async function writeBackClaudeCode(
  ctx: SyncContext,
  cred: OAuthCredential,
  oldRefresh: string,
): Promise<'keychain' | 'file' | 'none'> {
  if (ctx.platform === 'darwin' && (await writeBackKeychain(ctx, cred, oldRefresh))) return 'keychain';
  if (await writeBackFile(ctx, cred, oldRefresh)) return 'file';
  return 'none';
}
