import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CliRun,
  makeTempHome,
  runCli,
  runOnTerminal,
  startInKeyringSession,
  type TempHome,
  type TerminalRun,
} from '@clawdbot-auth/testkit';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** The CLI entry, for tests that drive a child themselves (stdin over time, a TTY). */
export const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/run.cjs');

/** Fail the file up front when `dist/<built>` is missing (the suite runs the built CLI). */
export function requireBuilt(built: string): void {
  beforeAll(() => {
    expect(fs.existsSync(path.join(path.dirname(BIN), '../dist', built)), 'build the CLI first').toBe(true);
  });
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Run `fns` (close a server, remove a home) after the current test. */
export function afterThisTest(...fns: (() => unknown)[]): void {
  cleanups.push(...fns);
}

const homes: TempHome[] = [];
afterAll(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

/** A fresh temp HOME, cleaned after the test. */
export function home(): TempHome {
  const h = makeTempHome();
  homes.push(h);
  return h;
}

/** Run the built CLI in `h`; it rejects when any planted secret (or one of `secrets`) reached stdout or stderr. */
export async function cli(
  h: TempHome,
  args: string[],
  opts: {
    env?: Record<string, string>;
    stdin?: string;
    cwd?: string;
    secrets?: string[];
    timeoutMs?: number;
    keyring?: boolean;
  } = {},
): Promise<CliRun> {
  const r = await runCli(args, {
    home: h.home,
    env: { ...h.env, ...opts.env },
    stdin: opts.stdin,
    cwd: opts.cwd,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    // Sliding-window leak check over every planted secret, or only `secrets` when a test prints
    // one on purpose (`models auth token`).
    ...(opts.secrets !== undefined ? { secrets: opts.secrets } : {}),
    keyring: opts.keyring,
  });
  return r;
}

/** The built CLI on a pseudo-terminal in `h` (stdin, stdout and stderr one TTY). */
export function onTerminal(h: TempHome, args: string[], env: Record<string, string> = {}): TerminalRun {
  const t = runOnTerminal(args, { env: { ...h.env, ...env }, cwd: h.home });
  afterThisTest(() => t.child.kill());
  return t;
}

export const STORE = '.clawdbot/agents/main/agent/auth-profiles.json';
export const CONFIG = '.clawdbot/clawdbot.json';

/** The command line `models auth paste-token --provider <provider> ...more`. */
export const pasteTokenArgs = (provider: string, ...more: string[]): string[] => [
  'models',
  'auth',
  'paste-token',
  '--provider',
  provider,
  ...more,
];
export const SESSIONS = '.clawdbot/agents/main/sessions/sessions.json';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Claude Code's credentials file content. */
export function claudeCreds(access: string, expiresAt: number, refresh?: string): object {
  return {
    claudeAiOauth: {
      accessToken: access,
      ...(refresh ? { refreshToken: refresh } : {}),
      expiresAt,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
    },
  };
}

/** The main agent's store file as written. */
export interface StoreFile {
  version?: number;
  profiles: Record<string, Record<string, unknown> & { type?: string; expires?: number; key?: string }>;
  order?: Record<string, string[]>;
  usageStats?: Record<string, Record<string, unknown>>;
}

export function readStoreFile(h: TempHome): StoreFile {
  return h.readJson<StoreFile>(STORE);
}

export function readConfigFile(h: TempHome): { auth: { profiles: Record<string, unknown> } } {
  return h.readJson(CONFIG);
}

/** The profile `id` is in the store exactly as `credential`, and in the config as `{ provider, mode: type }`. */
export function expectStoredProfile(
  h: TempHome,
  id: string,
  credential: { type: string; provider: string } & Record<string, unknown>,
): void {
  expect(readStoreFile(h).profiles[id]).toEqual(credential);
  expect(readConfigFile(h).auth.profiles[id]).toEqual({
    provider: credential.provider,
    mode: credential.type,
  });
}

/** Reads our keyring items in a session on this HOME's keyring: `<account> present` or the error code. */
export async function keyringItems(h: TempHome, accounts: string[]): Promise<string[]> {
  const script = `import { keyringRead } from '@clawdbot-auth/secrets';
for (const account of process.argv.slice(1)) {
  try { await keyringRead({ service: 'clawdbot-auth', account }); console.log(account + ' present'); }
  catch (e) { console.log(account + ' ' + e.code); }
}`;
  const run = startInKeyringSession(process.execPath, ['--input-type=module', '-e', script, ...accounts], {
    home: h.home,
    env: h.env,
    cwd: path.dirname(path.dirname(BIN)),
  });
  expect(await run.exited).toBe(0);
  return run.stdout().trim().split('\n');
}
