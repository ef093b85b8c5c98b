import { Args, Flags } from '@oclif/core';
import { CliError } from './errors.js';

/** Shared flags, declared once. */
export const agentFlag = Flags.string({
  description: "Agent whose store to use (default: the configured default agent, 'main').",
  helpValue: '<id>',
});

/** The conversation of `agent` / `chat`. */
export const sessionFlag = Flags.string({
  description: 'Session key (default agent:<agentId>:main).',
  helpValue: '<key>',
});

/**
 * Deadline of each model request (`agent` / `chat`) in seconds, as upstream's `--timeout`.
 * CLAWDBOT_MODEL_TIMEOUT_MS (ms, read by the runtime) applies when the flag is absent.
 */
export const modelTimeoutFlag = Flags.integer({
  description:
    'Deadline of each model request in seconds (default 60; else CLAWDBOT_MODEL_TIMEOUT_MS in ms).',
  helpValue: '<seconds>',
  min: 1,
});

/** `--timeout <seconds>` as the runtime's ms option. */
export function timeoutOption(seconds: number | undefined): { timeoutMs?: number } {
  return seconds ? { timeoutMs: seconds * 1000 } : {};
}

/** Where new secret bytes go (config `auth.secrets.storage` is the default, else `file`). */
export const storageFlag = Flags.option({
  description:
    'Where the secret goes: the OS keyring, or the 0600 store file (default: config auth.secrets.storage, else file).',
  options: ['keyring', 'file'] as const,
})();

/** Lets a keyring write fall back to the store file, said on stderr (as `gh auth login`). */
export const insecureStorageFlag = Flags.boolean({
  description:
    'When the OS keyring cannot be used, store the secret in the 0600 store file instead of failing.',
});

/** Rejects an empty or blank provider id (a usage error naming the flag). */
async function nonBlank(input: string): Promise<string> {
  if (!input.trim()) throw new Error('a provider id such as anthropic is needed, got an empty value');
  return input;
}

/** A required provider id; commands lower-case it. */
export const requiredProviderFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: nonBlank,
  required: true,
});

/** An optional provider id. */
export const providerFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: nonBlank,
});

export const profileIdFlag = Flags.string({
  description: 'Auth profile id (<provider>:<name>).',
  helpValue: '<id>',
});

/** A profile id given as an argument (`models auth remove anthropic:work`), as later upstream takes it. */
const PROFILE_ID_ARG = 'Auth profile id (<provider>:<name>), as `clawdbot models auth list` shows it.';
// ignoreStdin: oclif would otherwise take a missing argument from piped stdin (a pasted secret)
export const profileIdArg = Args.string({ description: PROFILE_ID_ARG, ignoreStdin: true });
export const requiredProfileIdArg = Args.string({
  description: PROFILE_ID_ARG,
  required: true,
  ignoreStdin: true,
});

/** The old spelling of a positional profile id, kept for scripts: `--profile-id <id>`. */
export const profileIdAltFlag = Flags.string({
  description: 'Same as the profileId argument.',
  helpValue: '<id>',
});

/**
 * The profile id of a command taking it as an argument or as `--profile-id` (both: they must agree).
 * `example` is the command line shown when none is given. @throws USAGE
 */
export function pickProfileId(
  arg: string | undefined,
  flag: string | undefined,
  example?: string,
): string | undefined {
  if (arg !== undefined && flag !== undefined && arg !== flag) {
    throw new CliError(
      'USAGE',
      `two different profile ids given: "${arg}" and --profile-id "${flag}"`,
      'Give the profile id once, as the argument.',
    );
  }
  const id = arg ?? flag;
  if (id !== undefined && !id.trim()) throw new CliError('USAGE', 'the profile id is empty', example);
  if (id === undefined && example) {
    throw new CliError('USAGE', 'Missing required argument <profileId>', `Run: ${example}`);
  }
  return id;
}

export { normalizeProvider } from './provider-id.js';

/** How long an OAuth access token handed out must stay valid (`models auth token` / `exec`). */
export const minValidFlag = Flags.string({
  default: '10m',
  description: 'An OAuth access token handed out stays valid at least this long (30m, 1h, ...).',
  helpValue: '<duration>',
});
