import type { LoadedConfig } from '@clawdbot-auth/config-migrate';
import type { FailureKind } from '@clawdbot-auth/credentials';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';

/** Where the runtime's warnings go (stderr in the CLI). */
export interface RuntimeIO {
  warn(line: string): void;
  /** Chatter such as "synced anthropic credentials from claude cli"; defaults to warn. */
  info?(line: string): void;
}

/** What one turn works with: the injected context, the agent, the loaded config and env. */
export interface World {
  ctx: RuntimeContext;
  agentId: string;
  loaded: LoadedConfig;
  io: RuntimeIO;
  /** references judged beforehand (credentials' checkRefs); absent: they resolve when sent */
  unresolvedRefs?: ReadonlyMap<string, string>;
}

/** One credential tried (or skipped) during a turn. */
export interface Attempt {
  model: string;
  provider: string;
  /** profile id, env variable name or `models.providers.<p>.apiKey`; absent when there was none */
  candidate?: string;
  type?: 'api_key' | 'token' | 'oauth';
  source?: string;
  /** the credentials layer's failure kinds (one list), plus what was not a failure */
  outcome: 'ok' | 'skipped' | FailureKind;
  status?: number;
  /** why: the provider's message (redacted), a cooldown, a refresh failure... */
  detail?: string;
  /** an OAuth token was force-refreshed after a 401/403 */
  refreshed?: boolean;
}

/** One line of the failure summary. @throws never */
export function describeAttempt(a: Attempt): string {
  const who = a.candidate ? ` via ${a.candidate}${a.type ? ` (${a.type}, ${a.source})` : ''}` : '';
  const status = a.status ? ` (HTTP ${a.status})` : '';
  const detail = a.detail ? `: ${a.detail}` : '';
  return `${a.model}${who}: ${a.outcome}${status}${detail}`;
}
