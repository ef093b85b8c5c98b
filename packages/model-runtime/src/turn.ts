import { readStore } from '@clawdbot-auth/auth-store';
import { type LoadedConfig, loadConfig, resolveAgentId, splitModelRef } from '@clawdbot-auth/config-migrate';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { applyDirectives, applyTurnModel, type TurnDraft } from './directives/apply.js';
import { parseMessage } from './directives/parse.js';
import { RuntimeError } from './errors.js';
import { type FailoverSuccess, runFailover } from './failover.js';
import { type Pin, sessionPin, stalePinReason } from './plan.js';
import { modelChain, sessionModel } from './sessions/model.js';
import type { SessionEntry } from './sessions/schema.js';
import { defaultSessionKey, freshSession, updateSession } from './sessions/store.js';
import { syncBeforeTurn } from './sync.js';
import type { Attempt, RuntimeIO, World } from './world.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface TurnOptions {
  agentId?: string;
  /** Default `agent:<agentId>:main`. */
  sessionKey?: string;
  message: string;
  /** A model for this turn only, as `/model` takes it: alias, provider/model, optionally `@<profileId>`. */
  model?: string;
  io?: RuntimeIO;
  /** Deadline of each request; else CLAWDBOT_MODEL_TIMEOUT_MS, else 60 s. */
  timeoutMs?: number;
  /** Config and environment already loaded by the caller (the CLI); else loaded here. */
  loaded?: LoadedConfig;
}

export interface TurnResult {
  /** The model's reply (absent for a message made only of directives). */
  reply?: string;
  /** Directive acknowledgements and /model list|status output. */
  ack?: string;
  model: string;
  /** The profile that answered, when it was a stored profile. */
  profileId?: string;
  /** What answered: a profile id, env variable name or config key. */
  credential?: string;
  agentId: string;
  sessionKey: string;
  sessionId?: string;
  attempts: Attempt[];
}

function timeoutOf(ctx: RuntimeContext, opts: TurnOptions): number {
  const fromEnv = Number(ctx.env.CLAWDBOT_MODEL_TIMEOUT_MS);
  if (opts.timeoutMs && opts.timeoutMs > 0) return opts.timeoutMs;
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}

/** Clears a session pin that went stale (missing, other provider, out of the order). */
async function dropStalePin(world: World, key: string, entry: SessionEntry | undefined, provider: string) {
  const pin = sessionPin(entry);
  if (!pin) return { entry, pin };
  const why = stalePinReason(world, await readStore(world.ctx, world.agentId), provider, pin);
  if (!why) return { entry, pin };
  world.io.warn(`session credential ${pin.profileId} ${why}: pin cleared`);
  const next = await updateSession(world.ctx, world.agentId, key, (cur) =>
    cur?.authProfileOverride === pin.profileId
      ? {
          ...cur,
          authProfileOverride: undefined,
          authProfileOverrideSource: undefined,
          authProfileOverrideCompactionCount: undefined,
        }
      : 'skip',
  );
  return { entry: next, pin: undefined };
}

/** Records the turn on the session: updatedAt, and the auto pin when a profile of the session's provider answered. */
async function recordTurn(
  world: World,
  key: string,
  ok: FailoverSuccess,
  pinProvider: string,
  pin: Pin | undefined,
  draft: TurnDraft,
) {
  return updateSession(world.ctx, world.agentId, key, (cur, raw) => {
    const next: SessionEntry = {
      ...(raw ?? {}),
      ...(cur ?? draft.entry ?? freshSession(world.ctx)),
      updatedAt: world.ctx.now(),
    };
    const autoPin =
      !draft.turnPin &&
      pin?.source !== 'user' &&
      ok.candidate.kind === 'profile' &&
      ok.provider === pinProvider;
    if (autoPin && next.authProfileOverrideSource !== 'user') {
      next.authProfileOverride = ok.candidate.id;
      next.authProfileOverrideSource = 'auto';
      next.authProfileOverrideCompactionCount = next.compactionCount ?? 0;
    }
    return next;
  });
}

/** Loads config and env (unless given), resolves agent and session key, parses the message. @throws EMPTY_MESSAGE, DIRECTIVE_INVALID */
async function prepare(ctx: RuntimeContext, opts: TurnOptions) {
  const loaded = opts.loaded ?? (await loadConfig(ctx));
  const agentId = resolveAgentId(loaded.config, opts.agentId);
  const world: World = { ctx, agentId, loaded, io: opts.io ?? { warn: () => undefined } };
  const sessionKey = opts.sessionKey?.trim() || defaultSessionKey(agentId);
  const parsed = parseMessage(opts.message);
  if (parsed.directives.length === 0 && parsed.text === '') {
    throw new RuntimeError('EMPTY_MESSAGE', 'the message is empty', {
      hint: 'clawdbot agent --message "<text>"',
    });
  }
  return { world, sessionKey, parsed };
}

/**
 * One turn: directives, then one model request with failover (spec 05).
 * @throws EMPTY_MESSAGE, DIRECTIVE_INVALID, MODEL_UNKNOWN, MODEL_NOT_ALLOWED, PROFILE_NOT_FOUND,
 *   PROFILE_PROVIDER_MISMATCH, PROFILE_NOT_IN_ORDER, CLAUDE_CODE_ONLY_CREDENTIAL, REQUEST_FORMAT,
 *   NO_CREDENTIAL, FAILOVER_EXHAUSTED, SESSIONS_PARSE_FAILED, SESSIONS_WRITE_FAILED
 */
export async function runTurn(ctx: RuntimeContext, opts: TurnOptions): Promise<TurnResult> {
  const { world, sessionKey, parsed } = await prepare(ctx, opts);
  const { loaded, agentId } = world;
  await syncBeforeTurn(world);
  const draft = await applyDirectives(world, sessionKey, parsed);
  const ack = draft.acks.length > 0 ? draft.acks.join('\n') : undefined;
  const base = { agentId, sessionKey, ...(ack ? { ack } : {}) };
  const own = sessionModel(loaded.config, agentId, draft.entry);
  if (parsed.directiveOnly) {
    return { ...base, model: own, sessionId: draft.entry?.sessionId, attempts: [] };
  }
  if (opts.model) await applyTurnModel(world, sessionKey, opts.model, draft);
  const first = draft.turnModel ?? own;
  const pinProvider = splitModelRef(draft.turnPin ? first : own).provider;
  const { entry, pin } = draft.turnPin
    ? { entry: draft.entry, pin: draft.turnPin }
    : await dropStalePin(world, sessionKey, draft.entry, pinProvider);
  const ok = await runFailover(world, {
    models: modelChain(loaded.config, agentId, first),
    message: parsed.text,
    timeoutMs: timeoutOf(ctx, opts),
    ...(pin ? { pin, pinProvider } : {}),
    ...(entry ? { entry } : {}),
  });
  const saved = await recordTurn(world, sessionKey, ok, pinProvider, pin, { ...draft, entry });
  return {
    ...base,
    reply: ok.reply,
    model: ok.model,
    ...(ok.candidate.kind === 'profile' ? { profileId: ok.candidate.id } : {}),
    credential: ok.candidate.id,
    sessionId: saved?.sessionId,
    attempts: ok.attempts,
  };
}
