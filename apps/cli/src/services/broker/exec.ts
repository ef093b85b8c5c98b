import { spawn } from 'node:child_process';
import type { IssuedCredential } from '@clawdbot-auth/model-runtime';
import { CliError } from '../../errors.js';
import { SecretMask } from './mask.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * The child's environment: the caller's own environment as it was before clawdbot loaded any
 * `.env` (nothing of ours), without the provider's other credential variables (so the SDK's
 * precedence cannot pick another one), plus the one variable set to the credential.
 * @throws NO_ENV_VAR
 */
export async function childEnvironment(
  original: Record<string, string | undefined>,
  issued: IssuedCredential,
): Promise<{ env: Record<string, string>; name: string }> {
  const { PROVIDER_ENV_VARS, canonicalProviderId, providerEnvVarFor } = await import(
    '@clawdbot-auth/env-loader'
  );
  const name = issued.kind === 'env' ? issued.id : providerEnvVarFor(issued.provider, issued.type);
  if (name === undefined) {
    throw new CliError(
      'NO_ENV_VAR',
      `${issued.provider} has no standard environment variable for a ${issued.type} credential`,
      `Print the token instead: clawdbot models auth token --provider ${issued.provider}`,
    );
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(original)) if (v !== undefined) env[k] = v;
  for (const other of PROVIDER_ENV_VARS[canonicalProviderId(issued.provider)] ?? []) delete env[other];
  env[name] = issued.secret;
  return { env, name };
}

/**
 * Runs `argv` with `env`; its stdout and stderr pass through with the secrets masked, stdin is
 * inherited, signals sent to us are forwarded. Resolves when the child has exited and its
 * output is flushed.
 * @throws COMMAND_NOT_STARTED
 */
export function runMasked(
  argv: string[],
  env: Record<string, string>,
  secrets: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const [cmd, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['inherit', 'pipe', 'pipe'] });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    for (const sig of FORWARDED) process.on(sig, forward);
    const cleanup = () => {
      for (const sig of FORWARDED) process.off(sig, forward);
    };
    // Settled once the child exited AND both masked streams flushed their held-back tail.
    let waiting = 3;
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    const settle = () => {
      if (--waiting > 0) return;
      cleanup();
      resolve(exit);
    };
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      const mask = new SecretMask(secrets);
      mask.on('end', settle);
      from.pipe(mask).pipe(to, { end: false });
    }
    child.on('error', (err) => {
      cleanup();
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      reject(
        new CliError(
          'COMMAND_NOT_STARTED',
          `cannot run ${cmd}: ${code === 'ENOENT' ? 'command not found' : code}`,
          'Check the command after --, e.g. clawdbot models auth exec --provider anthropic -- env',
        ),
      );
    });
    child.on('close', (code, signal) => {
      exit = { code, signal };
      settle();
    });
  });
}
