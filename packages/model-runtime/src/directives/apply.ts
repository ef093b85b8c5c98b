import { readStore } from '@clawdbot-auth/auth-store';
import { RuntimeError } from '../errors.js';
import { type Pin, sessionPin } from '../plan.js';
import { modelOverrideFields, sessionModel } from '../sessions/model.js';
import type { SessionEntry } from '../sessions/schema.js';
import { freshSession, readSession, updateSession } from '../sessions/store.js';
import type { World } from '../world.js';
import { resolveSelector } from './models.js';
import { type Directive, type ParsedMessage, parseModelArgs } from './parse.js';
import { renderModelList, renderModelStatus } from './render.js';
import { validatePin } from './validate-pin.js';

/** The session after the directives, plus what applies to this turn only. */
export interface TurnDraft {
  entry: SessionEntry | undefined;
  turnModel?: string;
  turnPin?: Pin;
  acks: string[];
}

type SetDirective = Extract<Directive, { kind: 'model-set' }>;

const NO_PIN = {
  authProfileOverride: undefined,
  authProfileOverrideSource: undefined,
  authProfileOverrideCompactionCount: undefined,
};

/** The model fields of a session entry: none for the agent's default model (as upstream writes them). */
function modelFields(world: World, ref: string): Pick<SessionEntry, 'modelOverride' | 'providerOverride'> {
  const isDefault = ref === sessionModel(world.loaded.config, world.agentId, undefined);
  return isDefault ? { modelOverride: undefined, providerOverride: undefined } : modelOverrideFields(ref);
}

/**
 * `/model <ref>[@<profileId>]` persisted: with a profile, a user pin (no compaction count, like
 * upstream); without one, any pin is dropped so the resolver picks again.
 */
async function setModel(world: World, key: string, d: SetDirective, persist: boolean, draft: TurnDraft) {
  const ref = resolveSelector(world.loaded.config, d.selector, world.agentId);
  if (d.profileId) validatePin(world, await readStore(world.ctx, world.agentId), ref, d.profileId);
  if (!persist) {
    draft.turnModel = ref;
    if (d.profileId) draft.turnPin = { profileId: d.profileId, source: 'user' };
    return;
  }
  let dropped: Pin | undefined;
  draft.entry = await updateSession(world.ctx, world.agentId, key, (cur, raw) => {
    const base = { ...(raw ?? {}), ...(cur ?? freshSession(world.ctx)) };
    const next: SessionEntry = { ...base, ...modelFields(world, ref), updatedAt: world.ctx.now() };
    if (d.profileId)
      return { ...next, ...NO_PIN, authProfileOverride: d.profileId, authProfileOverrideSource: 'user' };
    dropped = sessionPin(next);
    return { ...next, ...NO_PIN };
  });
  const pinned = d.profileId ? `, credential pinned to ${d.profileId}` : '';
  const unpinned = dropped?.source === 'user' ? ` Your credential pin ${dropped.profileId} was removed.` : '';
  draft.acks.push(`Model set to ${ref}${pinned}.${unpinned}`);
}

async function reset(world: World, key: string, name: string, draft: TurnDraft) {
  let kept: string | undefined;
  draft.entry = await updateSession(world.ctx, world.agentId, key, (cur, raw) => {
    const next: SessionEntry = {
      ...(raw ?? {}),
      ...(cur ?? {}),
      ...freshSession(world.ctx),
      compactionCount: 0,
    };
    const pin = sessionPin(next);
    if (pin?.source !== 'user') return { ...next, ...NO_PIN };
    kept = pin.profileId;
    return { ...next, ...NO_PIN, authProfileOverride: pin.profileId, authProfileOverrideSource: 'user' };
  });
  const keep = kept ? ` Kept your pinned credential ${kept} (send /model <model> without @ to unpin).` : '';
  draft.acks.push(`New session started (/${name}): ${draft.entry?.sessionId}.${keep}`);
}

/**
 * Applies the directives in order. A directive-only message persists them in the session;
 * inside a normal message `/model` applies to this turn only. @throws DIRECTIVE/MODEL/PROFILE codes
 */
export async function applyDirectives(world: World, key: string, parsed: ParsedMessage): Promise<TurnDraft> {
  const draft: TurnDraft = { entry: await readSession(world.ctx, world.agentId, key), acks: [] };
  for (const d of parsed.directives) {
    const current = draft.turnModel ?? sessionModel(world.loaded.config, world.agentId, draft.entry);
    if (d.kind === 'model-list') draft.acks.push(await renderModelList(world, current));
    else if (d.kind === 'model-status') {
      draft.acks.push(
        await renderModelStatus(world, current, draft.entry, draft.turnPin ?? sessionPin(draft.entry)),
      );
    } else if (d.kind === 'model-set') await setModel(world, key, d, parsed.directiveOnly, draft);
    else await reset(world, key, d.name, draft);
  }
  return draft;
}

/**
 * A model for this turn only, written like `/model`'s argument (`opus`, `openai/gpt-5.2`,
 * `opus@anthropic:work`): the `--model` flag. @throws DIRECTIVE_INVALID, MODEL_*, PROFILE_*
 */
export async function applyTurnModel(
  world: World,
  key: string,
  spec: string,
  draft: TurnDraft,
): Promise<void> {
  const d = parseModelArgs(`--model ${spec}`, spec);
  if (d.kind !== 'model-set') {
    throw new RuntimeError(
      'DIRECTIVE_INVALID',
      `--model ${spec}: expected a model (alias or provider/model)`,
      {
        hint: 'clawdbot agent --message "/model list" (to see the models)',
      },
    );
  }
  await setModel(world, key, d, false, draft);
}
