import type { SaveLogin } from '@clawdbot-auth/claude-sync';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { CliError } from '../../errors.js';

/**
 * Login methods for `models auth login --provider <id> [--method <m>]`.
 *
 * Built-in: anthropic `oauth` (PKCE, paste `code#state`) and `setup-token`, openai-codex
 * `oauth` (callback on 127.0.0.1:1455). Plugins add methods through the oclif hook
 * `auth:login-methods`: each hook returns `LoginMethod[]` for the provider it is asked about.
 */
export interface LoginIO {
  print(line: string): void;
  prompt(question: string, opts?: { hidden?: boolean; signal?: AbortSignal }): Promise<string>;
  openUrl?(url: string): void | Promise<void>;
}

export interface LoginMethod {
  /** provider id, lower case */
  provider: string;
  /** method id used with --method, e.g. 'oauth', 'device-code' */
  id: string;
  label: string;
  /**
   * Run the login. Either store the credential yourself and return its profile id, or return
   * `credential` too and the CLI stores it (auth store + config auth.profiles).
   */
  run(ctx: RuntimeContext, io: LoginIO, opts: LoginRunOptions): Promise<LoginOutcome>;
}

/** What `models auth login` passes to a method. */
export interface LoginRunOptions {
  agentId: string;
  /** `--profile-id`: store the login under this id (a method that cannot, refuses it) */
  profileId?: string;
  /** `--force`: replace a credential of another type under that id (refused without it) */
  force?: boolean;
  /** `--storage`: where the secret goes (default config auth.secrets.storage, else file) */
  storage?: 'keyring' | 'file' | undefined;
  /** `--insecure-storage`: no keyring reachable, keep the secret in the file and say so */
  insecureStorage?: boolean | undefined;
}

/** What a login method returns. */
export interface LoginOutcome {
  profileId: string;
  credential?:
    | { type: 'token'; provider: string; token: string; expires?: number }
    | { type: 'api_key'; provider: string; key: string };
}

/**
 * Run a method and store a credential it hands back.
 * @throws whatever the method throws; STORE_PARSE_FAILED, CONFIG_PARSE_FAILED
 */
export async function runLoginMethod(
  env: import('../../context.js').CliEnvironment,
  method: LoginMethod,
  io: LoginIO,
  opts: Omit<LoginRunOptions, 'agentId'> = {},
): Promise<{ profileId: string }> {
  // a login whose tokens could not be stored is refused before the provider issues any
  const { assertKeyringReady } = await import('@clawdbot-auth/credentials');
  await assertKeyringReady(env.ctx, env.agentId, opts);
  let out: LoginOutcome;
  try {
    out = await method.run(env.ctx, io, { agentId: env.agentId, ...opts });
  } catch (err) {
    // A method may wrap the prompt's error in its own ("login cancelled"): Ctrl-C stays Ctrl-C.
    const interrupt = interrupts.get(io);
    throw interrupt ?? err;
  }
  if (out.credential) {
    const { saveCredential } = await import('./credentials.js');
    const c = out.credential;
    const secret = (c.type === 'token' ? c.token : c.key) ?? '';
    const expires = c.type === 'token' ? c.expires : undefined;
    const profileId = opts.profileId ?? out.profileId;
    const hint = `clawdbot models auth login --provider ${method.provider} --profile-id ${profileId} --force (replaces it), or another --profile-id`;
    await saveCredential(
      env,
      {
        provider: method.provider,
        profileId,
        type: c.type,
        secret,
        expires,
        event: 'login',
        storage: opts.storage,
        insecureStorage: opts.insecureStorage,
      },
      opts.force ? {} : { sameTypeOnly: { hint } },
    );
    return { profileId };
  } else {
    // The method stored the credential itself (OAuth login): journal it with its fingerprints.
    const { credentialFacts, readStore, recordAuthEvent } = await import('@clawdbot-auth/auth-store');
    const view = await readStore(env.ctx, env.agentId);
    recordAuthEvent(env.ctx, {
      event: 'login',
      agent: env.agentId,
      profileId: out.profileId,
      ...credentialFacts(view.store.profiles[out.profileId]),
      cause: `${method.provider} ${method.id}`,
      store: view.path,
    });
  }
  return { profileId: out.profileId };
}

/** Options passed to `auth:login-methods` hooks. */
export interface LoginMethodsHookOptions {
  provider: string;
}

/** What an `auth:login-methods` hook returns. */
export type LoginMethodsHookResult = LoginMethod[] | undefined;

/** The hook's event name. */
export const LOGIN_METHODS_HOOK = 'auth:login-methods';

/** A fresh OAuth login goes in like every credential: store entry and config routing entry. */
function register(ctx: RuntimeContext, io: LoginIO, opts: LoginRunOptions): SaveLogin {
  return async (profileId, credential, upsert) => {
    const { registerCredential } = await import('@clawdbot-auth/credentials');
    const saved = await registerCredential(ctx, opts.agentId, {
      profileId,
      credential,
      upsert,
      storage: opts.storage,
      insecureStorage: opts.insecureStorage,
    });
    // Never a silent plaintext write: the fallback --insecure-storage allowed is said.
    if (saved.keyringProblem) {
      io.print(
        `keyring unavailable (${saved.keyringProblem}): stored in the store file (0600) as --insecure-storage allows`,
      );
    }
    if (saved.keyringLeft) io.print(`warning: ${saved.keyringLeft}`);
  };
}

/** Built-in login methods of a provider. */
export function builtinLoginMethods(provider: string): LoginMethod[] {
  if (provider === 'anthropic') {
    return [
      {
        provider,
        id: 'oauth',
        label: 'Claude Pro/Max login (OAuth, paste code#state)',
        async run(ctx, io, opts) {
          const { loginAnthropic } = await import('@clawdbot-auth/claude-sync');
          return loginAnthropic(ctx, io, { ...opts, save: register(ctx, io, opts) });
        },
      },
      {
        provider,
        id: 'setup-token',
        label: 'Long-lived token from `claude setup-token`',
        async run(ctx, _io, opts) {
          const { providerEntry, setupTokenAndRoute } = await import('@clawdbot-auth/credentials');
          const synced = providerEntry(provider).synced!.profileId;
          if (opts.profileId && opts.profileId !== synced) {
            throw new CliError(
              'USAGE',
              `--method setup-token always stores ${synced} (Claude Code's login), not ${opts.profileId}`,
              'Run: clawdbot models auth login --provider anthropic --method setup-token',
            );
          }
          await setupTokenAndRoute(ctx, opts.agentId);
          return { profileId: synced };
        },
      },
    ];
  }
  if (provider === 'openai-codex') {
    return [
      {
        provider,
        id: 'oauth',
        label: 'ChatGPT/Codex login (OAuth, browser callback on 127.0.0.1:1455)',
        async run(ctx, io, opts) {
          const { loginCodex } = await import('@clawdbot-auth/claude-sync');
          return loginCodex(ctx, io, { ...opts, save: register(ctx, io, opts) });
        },
      },
    ];
  }
  return [];
}

/** Minimal view of oclif's Config.runHook used here (kept structural for tests). */
export interface HookRunner {
  runHook(
    event: string,
    opts: Record<string, unknown>,
  ): Promise<{ successes: { result: unknown }[]; failures: { error: Error }[] }>;
}

/** Built-in methods plus those plugins register through `auth:login-methods`. */
export async function loginMethodsFor(config: HookRunner, provider: string): Promise<LoginMethod[]> {
  const methods = builtinLoginMethods(provider);
  const res = await config.runHook(LOGIN_METHODS_HOOK, { provider });
  for (const { result } of res.successes) {
    if (!Array.isArray(result)) continue;
    for (const m of result as LoginMethod[]) {
      if (
        m &&
        typeof m.run === 'function' &&
        m.provider?.toLowerCase() === provider &&
        !methods.some((x) => x.id === m.id)
      ) {
        methods.push(m);
      }
    }
  }
  return methods;
}

/** Ctrl-C seen at a prompt of a terminal IO (kept apart from whatever a login method throws). */
const interrupts = new WeakMap<LoginIO, unknown>();

/** A LoginIO on this terminal: prompts on a TTY, else lines read from stdin; text to stderr. */
export function terminalIO(print: (line: string) => void): LoginIO {
  let lines: Promise<string[]> | undefined;
  const io: LoginIO = {
    print,
    async prompt(question, opts = {}) {
      const { signal } = opts;
      if (process.stdin.isTTY) {
        const { input, password } = await import('@inquirer/prompts');
        const { isInterrupt } = await import('@clawdbot-auth/command-kit');
        const context = signal ? { signal, output: process.stderr } : { output: process.stderr };
        const asked = opts.hidden
          ? password({ message: question, mask: false }, context)
          : input({ message: question }, context);
        return asked.catch((err: unknown) => {
          if (isInterrupt(err)) interrupts.set(io, err);
          throw err;
        });
      }
      print(question);
      lines ??= import('./read-secret.js').then(async (m) => (await m.readAll(process.stdin)).split(/\r?\n/));
      // The login may finish another way (the browser callback) while we wait for stdin.
      const got = await (signal ? Promise.race([lines, aborted(signal)]) : lines);
      const line = (got.shift() ?? '').trim();
      // Nothing piped in: when the login can finish another way, wait for that instead.
      if (!line && signal && got.every((l) => !l.trim())) return aborted(signal);
      return line;
    },
  };
  return io;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () =>
      reject(signal.reason ?? Object.assign(new Error('prompt aborted'), { name: 'AbortError' }));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
