/**
 * The body of each command that can also run on the fast path (src/fast-path.ts): parsed
 * flags in, the result (returned for --json), its text and exit code out. The oclif command
 * and the fast path both call these, so a command behaves the same on either path.
 */

import type { ExitCode } from '@clawdbot-auth/command-kit';
import type { CliEnvironment } from './context.js';

/** What a runner needs from whichever path runs it. */
export interface RunnerIo {
  environment(agent?: string): Promise<CliEnvironment>;
  /** progress and notes, to stderr */
  info(line: string): void;
  /** colours of stdout (no-ops off a TTY, with NO_COLOR / --no-color, or with --json) */
  style?: import('./services/status/text.js').StatusPaint;
}

export interface RunnerOutcome {
  /** what --json prints */
  result: unknown;
  /** what text mode prints to stdout (none: nothing) */
  text?: string;
  /** exit status when not 0 */
  exitCode?: ExitCode;
}

export type RunnerFlags = Record<string, string | boolean | string[] | number | undefined>;
export type Runner = (flags: RunnerFlags, io: RunnerIo) => Promise<RunnerOutcome>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown, fallback: number): number => (v === undefined ? fallback : Number(v));

/** `models status` */
export const modelsStatus: Runner = async (flags, io) => {
  const env = await io.environment(str(flags.agent));
  const { runModelsStatus } = await import('./services/status/run.js');
  const probeProfiles = flags['probe-profile'] as string[] | undefined;
  const probing = flags.probe || flags['probe-provider'] || probeProfiles?.length;
  const result = await runModelsStatus(
    env,
    {
      plain: Boolean(flags.plain),
      resolveRefs: flags.check === true,
      probe: probing
        ? {
            provider: str(flags['probe-provider'])?.toLowerCase(),
            profileIds: probeProfiles,
            timeoutMs: int(flags['probe-timeout'], 8000),
            concurrency: int(flags['probe-concurrency'], 2),
            maxTokens: int(flags['probe-max-tokens'], 8),
          }
        : undefined,
    },
    io.info,
  );
  if (typeof result === 'string') return { result, text: result };
  const { renderStatusText } = await import('./services/status/text.js');
  return {
    result,
    text: renderStatusText(result, env.ctx.homedir, io.style),
    ...(flags.check ? { exitCode: result.check } : {}),
  };
};

/** `models auth list` */
export const authList: Runner = async (flags, io) => {
  const env = await io.environment(str(flags.agent));
  const svc = await import('./services/auth/profiles.js');
  const { formatDuration } = await import('./services/status/text.js');
  const provider = str(flags.provider);
  const { normalizeProvider } = await import('./provider-id.js');
  const list = await svc.listProfiles(env, provider ? { provider: normalizeProvider(provider) } : {});
  return { result: list, text: svc.renderProfileList(env, list, formatDuration) };
};

/** `models auth order get` */
export const authOrderGet: Runner = async (flags, io) => {
  const env = await io.environment(str(flags.agent));
  const order = await import('./services/auth/order.js');
  const { normalizeProvider } = await import('./provider-id.js');
  const result = await order.getOrder(env, normalizeProvider(String(flags.provider)));
  return { result, text: order.renderOrder(result, 'get') };
};

/** `models auth token` (scripts call it before each request: start-up is most of its cost) */
export const authToken: Runner = async (flags, io) => {
  const { parseDuration } = await import('./services/auth/credentials.js');
  const minValidMs = parseDuration(String(flags['min-valid'] ?? '10m'));
  const env = await io.environment(str(flags.agent));
  const svc = await import('./services/broker/issue.js');
  const { normalizeProvider } = await import('./provider-id.js');
  const provider = str(flags.provider);
  const issued = await svc.handOutCredential(
    env,
    {
      provider: provider === undefined ? undefined : normalizeProvider(provider),
      profileId: str(flags['profile-id']),
      minValidMs,
      purpose: 'token',
    },
    io.info,
  );
  const doc = svc.tokenDocument(issued);
  return { result: doc, text: doc.token };
};

/** `doctor`: the doctor package's command body (the same one its oclif command runs) */
export const doctor: Runner = async (flags) => {
  const { doctorCommand } = await import('@clawdbot-auth/doctor');
  const outcome = await doctorCommand(flags as import('@clawdbot-auth/doctor').DoctorFlags);
  return { result: outcome.json, text: outcome.text, exitCode: outcome.exitCode || undefined };
};
