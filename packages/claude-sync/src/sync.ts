import {
  type AuthStore,
  type Credential,
  credentialFacts,
  DEFAULT_AGENT_ID,
  mutateProfile,
  readStore,
  recordAuthEvent,
  type StoreView,
} from '@clawdbot-auth/auth-store';
import { loadConfig } from '@clawdbot-auth/config-migrate';
import { logLine, type SyncContext } from './context.js';
import { type ExternalRead, readClaudeCodeCredentials, readCodexCredentials } from './read-external.js';
import { heldElsewhere, isFresh, isTombstoned, RECHECK_INTERVAL_MS, shouldImport } from './sync-rules.js';

export const CLAUDE_CLI_PROFILE_ID = 'anthropic:claude-cli';
export const CODEX_CLI_PROFILE_ID = 'openai-codex:codex-cli';

interface Source {
  /** its switch: config `auth.sync.<key>` */
  key: 'claudeCode' | 'codex';
  profileId: string;
  provider: string;
  label: string;
  read: (ctx: SyncContext) => Promise<ExternalRead>;
}

const SOURCES: readonly Source[] = [
  {
    key: 'claudeCode',
    profileId: CLAUDE_CLI_PROFILE_ID,
    provider: 'anthropic',
    label: 'claude cli',
    read: readClaudeCodeCredentials,
  },
  {
    key: 'codex',
    profileId: CODEX_CLI_PROFILE_ID,
    provider: 'openai-codex',
    label: 'codex cli',
    read: readCodexCredentials,
  },
];

export interface SyncResult {
  /** profile ids written */
  changed: string[];
  /** files (or keychain items) that exist but cannot be used: path and a one-line message */
  problems: { path: string; message: string }[];
  /**
   * The agent's store as this sync read it, when the sync wrote nothing: a caller about to read
   * the store again (status) may use it instead (on etcd, two round trips fewer).
   */
  view?: StoreView;
}

export interface SyncOptions {
  /** read the sources even if the stored profile was checked recently */
  force?: boolean;
  /**
   * Profile ids the user just asked for by name (`onboard --auth-choice claude-cli`): a removed
   * login comes back as with `auth.sync.<source>: true` (a sync turned off stays off).
   */
  reenable?: readonly string[];
}

/** When each (store, profile) was last compared with its source, in this process. */
const lastChecked = new Map<string, number>();

/** Test hook: forget the per-process check times. */
export function resetSyncMemory(): void {
  lastChecked.clear();
}

async function syncOne(
  ctx: SyncContext,
  agentId: string,
  store: AuthStore,
  storePath: string,
  src: Source,
  opts: SyncOptions,
  out: SyncResult,
  setting: boolean | undefined,
): Promise<void> {
  if (setting === false) return;
  const now = ctx.now();
  const key = `${storePath}\u0000${src.profileId}`;
  const stored = store.profiles[src.profileId];
  if (!opts.force && isFresh(stored, now)) {
    // A fresh profile is re-read at most once per 15 min; the clock starts when this
    // process first sees it (a fresh profile in a new process is trusted, as upstream does).
    const checked = lastChecked.get(key);
    if (checked === undefined) lastChecked.set(key, now);
    if (checked === undefined || now - checked < RECHECK_INTERVAL_MS) return;
  }
  const ext = await src.read(ctx);
  lastChecked.set(key, now);
  if (ext.problem) out.problems.push({ path: ext.path ?? ext.keychain?.service ?? '', message: ext.problem });
  const cred = ext.credential;
  if (!cred) return;
  // `auth.sync.<source>: true` brings a removed login back (the write clears the tombstone)
  if (
    (setting !== true &&
      !opts.reenable?.includes(src.profileId) &&
      isTombstoned(store, src.profileId, cred)) ||
    heldElsewhere(store, src.profileId, cred)
  )
    return;
  if (!shouldImport(stored, cred, now)) return;
  let wrote = false;
  await mutateProfile(ctx, agentId, src.profileId, (current: Credential | undefined) => {
    if (!shouldImport(current, cred, ctx.now())) return 'skip';
    wrote = true;
    return current?.email && !cred.email ? { ...cred, email: current.email } : cred;
  });
  if (!wrote) return;
  recordAuthEvent(ctx, {
    event: 'synced',
    agent: agentId,
    profileId: src.profileId,
    ...credentialFacts(cred),
    cause: `from ${src.label}`,
    store: storePath,
  });
  out.changed.push(src.profileId);
  if (ext.warning) logLine(ctx, `warning: ${ext.warning}`);
  logLine(ctx, `synced ${src.provider} credentials from ${src.label}`);
}

/** Config `auth.sync`; a config that cannot be read leaves sync on (status reports the config). */
async function syncSettings(ctx: SyncContext): Promise<{ claudeCode?: boolean; codex?: boolean }> {
  try {
    const sync = (await loadConfig(ctx, { loadEnv: false })).config.auth?.sync;
    return { claudeCode: sync?.claudeCode, codex: sync?.codex };
  } catch {
    return {};
  }
}

/**
 * Imports Claude Code's and Codex CLI's logins into an agent's store as
 * `anthropic:claude-cli` / `openai-codex:codex-cli` (spec 03 rules). Writes only those
 * profiles, each through the store's locked per-entry write; reports unusable sources.
 * Config routing is not this package's: @clawdbot-auth/credentials routes what it imports.
 * @throws STORE_PARSE_FAILED (from auth-store)
 */
export async function syncExternalCredentials(
  ctx: SyncContext,
  agentId = 'main',
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const view = await readStore(ctx, agentId);
  const out: SyncResult = { changed: [], problems: [] };
  const settings = await syncSettings(ctx);
  let mainView: StoreView | undefined;
  for (const src of SOURCES) {
    // One grant lives in one store: an agent that does not hold this profile itself reads
    // it through from the default agent, so the import goes there (never a second copy
    // of the refresh token in this agent's store).
    const owns = view.store.profiles[src.profileId] !== undefined && !view.inherited.has(src.profileId);
    if (agentId === DEFAULT_AGENT_ID || owns) {
      await syncOne(ctx, agentId, view.store, view.path, src, opts, out, settings[src.key]);
    } else {
      mainView ??= await readStore(ctx, DEFAULT_AGENT_ID);
      await syncOne(ctx, DEFAULT_AGENT_ID, mainView.store, mainView.path, src, opts, out, settings[src.key]);
    }
  }
  if (out.changed.length === 0) out.view = view;
  return out;
}
