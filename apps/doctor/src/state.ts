import fs from 'node:fs';
import {
  knownAgentIds,
  type LoadedConfig,
  type LoadedEnv,
  loadConfig,
  loadEnvironment,
  parseConfigText,
  type RuntimeContext,
  readStore,
  resolveAgentId,
  resolveConfigPath,
  resolveStateDir,
  type StoreView,
  syncExternalCredentials,
} from './deps.js';
import { type ErrorLike, toErrorLike } from './errors.js';
import { LEGACY_OWNER, legacyFilesOf } from './legacy-paths.js';

export type ConfigResult =
  | { ok: true; loaded: LoadedConfig; env: LoadedEnv }
  | { ok: false; error: ErrorLike; env: LoadedEnv };

export type StoreResult =
  | { kind: 'ok'; view: StoreView }
  | { kind: 'error'; error: ErrorLike }
  /** Legacy files wait for `doctor --yes`: the store is not read, so nothing is imported yet. */
  | { kind: 'legacy-pending'; files: string[] };

export type SyncResult =
  | { ok: true; changed: string[]; problems: { path: string; message: string }[] }
  | { ok: false; error: ErrorLike };

export interface StateOptions {
  agentId?: string;
  deep: boolean;
  /** Reading a store may import legacy files (a repair pass). */
  allowLegacyImport: boolean;
}

/** Everything the checks read, gathered once per pass and shared between them. */
export class DoctorState {
  readonly stateDir: string;
  private configP?: Promise<ConfigResult>;
  private syncP?: Promise<SyncResult>;
  private readonly stores = new Map<string, Promise<StoreResult>>();

  constructor(
    readonly ctx: RuntimeContext,
    readonly options: StateOptions,
  ) {
    this.stateDir = resolveStateDir(ctx);
  }

  /** The loaded config, or why it could not be loaded (the environment is loaded either way). */
  config(): Promise<ConfigResult> {
    this.configP ??= loadConfig(this.ctx).then(
      (loaded): ConfigResult => ({ ok: true, loaded, env: loaded.env }),
      async (err: unknown): Promise<ConfigResult> => {
        const env = await loadEnvironment(this.ctx).catch(() => emptyEnv());
        return { ok: false, error: toErrorLike(err), env };
      },
    );
    return this.configP;
  }

  /** The config's validated view, or undefined when it could not be loaded. */
  async loadedConfig(): Promise<LoadedConfig | undefined> {
    const r = await this.config();
    return r.ok ? r.loaded : undefined;
  }

  /**
   * The config file as written (no ${VAR} substituted), also when the loaded view failed on a
   * missing variable; undefined when there is no file or it does not parse.
   */
  async rawConfig(): Promise<{ path: string; raw: Record<string, unknown> } | undefined> {
    const loaded = await this.loadedConfig();
    if (loaded) return loaded.exists ? { path: loaded.path, raw: loaded.raw } : undefined;
    const file = resolveConfigPath(this.ctx);
    try {
      return { path: file, raw: parseConfigText(fs.readFileSync(file, 'utf8'), file) };
    } catch {
      return undefined;
    }
  }

  /** The agent the report is about: --agent, else the configured default, else main. */
  async agentId(): Promise<string> {
    const loaded = await this.loadedConfig();
    return resolveAgentId(loaded?.config ?? {}, this.options.agentId);
  }

  /** The configured default agent (agents.list[].default, else main): owner of the legacy files. */
  async defaultAgentId(): Promise<string> {
    const loaded = await this.loadedConfig();
    return resolveAgentId(loaded?.config ?? {});
  }

  /** Every agent known: the selected one, `main`, config agents.list and <state>/agents/*. */
  async agentIds(): Promise<string[]> {
    const known = knownAgentIds(this.ctx, await this.loadedConfig());
    return [...new Set([await this.agentId(), ...known])];
  }

  /** Legacy files that belong to an agent and are still in place. */
  legacyFiles(agentId: string): string[] {
    return legacyFilesOf(this.ctx, agentId).filter((p) => fs.existsSync(p));
  }

  /** Legacy files that reading this agent's store would import (another agent's read imports main's too). */
  private pendingFor(agentId: string): string[] {
    const own = this.legacyFiles(agentId);
    return agentId === LEGACY_OWNER ? own : [...own, ...this.legacyFiles(LEGACY_OWNER)];
  }

  /** Runs the Claude Code / Codex sync once for the selected agent. */
  sync(): Promise<SyncResult> {
    this.syncP ??= (async (): Promise<SyncResult> => {
      const agentId = await this.agentId();
      if (this.pendingFor(agentId).length > 0 && !this.options.allowLegacyImport) {
        return { ok: true, changed: [], problems: [] };
      }
      await this.config();
      try {
        // force: doctor reports an unusable source on every run, not once per 15 minutes.
        const r = await syncExternalCredentials({ ...this.ctx, log: () => {} }, agentId, { force: true });
        return { ok: true, changed: r.changed, problems: r.problems };
      } catch (err) {
        return { ok: false, error: toErrorLike(err) };
      }
    })();
    return this.syncP;
  }

  /** An agent's store as the resolver sees it (after the sync for the selected agent). */
  store(agentId: string): Promise<StoreResult> {
    let p = this.stores.get(agentId);
    if (!p) {
      p = this.readStoreOf(agentId);
      this.stores.set(agentId, p);
    }
    return p;
  }

  private async readStoreOf(agentId: string): Promise<StoreResult> {
    const pending = this.pendingFor(agentId);
    if (pending.length > 0 && !this.options.allowLegacyImport)
      return { kind: 'legacy-pending', files: pending };
    if (agentId === (await this.agentId())) await this.sync();
    try {
      return { kind: 'ok', view: await readStore(this.ctx, agentId) };
    } catch (err) {
      return { kind: 'error', error: toErrorLike(err) };
    }
  }
}

function emptyEnv(): LoadedEnv {
  return { origins: new Map(), warnings: [], shell: { enabled: false, appliedKeys: [] } };
}

/** A plain object (not an array, not null): config-migrate's one rule. */
export { isPlainObject as isRecord } from './deps.js';
