import { ensureObject, isPlainObject, mergeMissing, type PlainObject } from './plain.js';

/** One named, idempotent legacy-config rewrite. `apply` mutates `raw` and says if it changed it. */
export interface ConfigMigration {
  id: string;
  describe: string;
  apply(raw: PlainObject): boolean;
}

/**
 * auth.anthropic-claude-cli-mode-oauth
 * Old: `auth.profiles["anthropic:claude-cli"].mode: "token"`.
 * New: `mode: "oauth"`.
 * Why: the Claude Code profile holds an OAuth login (or a setup-token, which "oauth" also
 * accepts); "token" there made real OAuth credentials look like a mode mismatch. Only that
 * profile: `mode: "token"` stays valid elsewhere (`paste-token` writes it).
 */
const claudeCliModeOauth: ConfigMigration = {
  id: 'auth.anthropic-claude-cli-mode-oauth',
  describe: 'auth.profiles["anthropic:claude-cli"].mode "token" -> "oauth"',
  apply(raw) {
    const auth = raw['auth'];
    const profiles = isPlainObject(auth) ? auth['profiles'] : undefined;
    const profile = isPlainObject(profiles) ? profiles['anthropic:claude-cli'] : undefined;
    if (!isPlainObject(profile) || profile['mode'] !== 'token') return false;
    profile['mode'] = 'oauth';
    return true;
  },
};

/** Moves a legacy list key into `{ primary?, fallbacks? }` form inside `container[key]`. */
function modelListOf(container: PlainObject, key: string): PlainObject | undefined {
  const cur = container[key];
  if (typeof cur === 'string') container[key] = { primary: cur };
  return ensureObject(container, key);
}

function moveFallbacks(container: PlainObject, legacyKey: string, targetKey: string): boolean {
  const legacy = container[legacyKey];
  if (!Array.isArray(legacy)) return false;
  const target = modelListOf(container, targetKey);
  if (!target) return false;
  target['fallbacks'] ??= legacy;
  delete container[legacyKey];
  return true;
}

function moveModelEntries(container: PlainObject): boolean {
  const allowed = container['allowedModels'];
  const aliases = container['modelAliases'];
  if (!Array.isArray(allowed) && !isPlainObject(aliases)) return false;
  const models = ensureObject(container, 'models');
  if (!models) return false;
  for (const ref of Array.isArray(allowed) ? allowed : []) {
    if (typeof ref === 'string') models[ref] ??= {};
  }
  for (const [alias, ref] of Object.entries(isPlainObject(aliases) ? aliases : {})) {
    if (typeof ref !== 'string') continue;
    const entry = ensureObject(models, ref);
    if (entry) entry['alias'] ??= alias;
  }
  delete container['allowedModels'];
  delete container['modelAliases'];
  return true;
}

function migrateModelContainer(container: PlainObject): boolean {
  let changed = false;
  for (const key of ['model', 'imageModel']) {
    if (typeof container[key] === 'string') {
      modelListOf(container, key);
      changed = true;
    }
  }
  changed = moveFallbacks(container, 'modelFallbacks', 'model') || changed;
  changed = moveFallbacks(container, 'imageModelFallbacks', 'imageModel') || changed;
  return moveModelEntries(container) || changed;
}

/**
 * agent.model-config-v2
 * Old: `agent` (or `agents.defaults`) with `model: "<ref>"`, `modelFallbacks: [...]`,
 *   `allowedModels: [...]`, `modelAliases: { alias: ref }`, `imageModel: "<ref>"`,
 *   `imageModelFallbacks: [...]`.
 * New: `model: { primary, fallbacks }`, `imageModel: { primary, fallbacks }`,
 *   `models: { "<ref>": { alias? } }` (the models map is also the /model allow-list).
 * Why: upstream replaced the flat keys; the legacy keys are removed (not kept) because
 *   leaving them would give two sources of truth that disagree after the next edit.
 *   Runs before agent.defaults-v2 so the old `agent` block merges in the new shape.
 */
const modelConfigV2: ConfigMigration = {
  id: 'agent.model-config-v2',
  describe: 'flat agent model keys -> agents.defaults.model/imageModel/models',
  apply(raw) {
    let changed = false;
    const agents = raw['agents'];
    const containers = [raw['agent'], isPlainObject(agents) ? agents['defaults'] : undefined];
    for (const container of containers) {
      if (isPlainObject(container)) changed = migrateModelContainer(container) || changed;
    }
    return changed;
  },
};

/**
 * agent.defaults-v2
 * Old: a top-level `agent: { ... }` block.
 * New: the same keys under `agents.defaults` (keys already there win, objects merge).
 * Why: multi-agent support moved per-agent defaults under `agents`; `agent` is removed
 *   afterwards so the file has one place for defaults.
 */
const agentDefaultsV2: ConfigMigration = {
  id: 'agent.defaults-v2',
  describe: 'top-level agent -> agents.defaults (existing keys win)',
  apply(raw) {
    const legacy = raw['agent'];
    if (!isPlainObject(legacy)) return false;
    const agents = ensureObject(raw, 'agents');
    const defaults = agents ? ensureObject(agents, 'defaults') : undefined;
    if (!defaults) return false;
    mergeMissing(defaults, legacy);
    delete raw['agent'];
    return true;
  },
};

/** The legacy migrations, in the order they run. */
export const MIGRATIONS: readonly ConfigMigration[] = [claudeCliModeOauth, modelConfigV2, agentDefaultsV2];

/** Applies every migration to `raw` in place; returns the ids that changed something. */
export function applyMigrations(raw: PlainObject): string[] {
  return MIGRATIONS.filter((m) => m.apply(raw)).map((m) => m.id);
}
