import { listCorruptCopies, type RuntimeContext, resolveStorePath, tildify } from '../deps.js';
import type { Check, Finding } from '../types.js';

/** The newest `.corrupt-<ms>` copy kept of a file that did not parse (fs-safe's one rule). */
function corruptCopy(ctx: RuntimeContext, file: string): string {
  const last = listCorruptCopies(file).at(-1);
  return last ? `; a copy is kept as ${tildify(ctx, last)}` : '';
}

/**
 * store.parse: each agent's auth-profiles.json parses. A corrupt file is reported with its
 * position and the kept copy; doctor offers no repair for it, not even with --yes.
 */
export const storeParseCheck: Check = {
  id: 'store.parse',
  section: 'auth-store',
  async run(ctx, state) {
    const out: Finding[] = [];
    for (const agentId of await state.agentIds()) {
      const r = await state.store(agentId);
      if (r.kind !== 'error') continue;
      const file = r.error.path ?? resolveStorePath(ctx, agentId);
      const parseFailed = r.error.code === 'STORE_PARSE_FAILED';
      out.push({
        id: parseFailed ? 'store.parse' : 'store.read',
        severity: 'error',
        section: 'auth-store',
        file,
        message: parseFailed
          ? `${r.error.message} Doctor never overwrites it${corruptCopy(ctx, file)}.`
          : r.error.message,
        fix: r.error.hint ?? `fix or move away ${file}, then run: clawdbot models auth login`,
      });
    }
    return out;
  },
};

/** store.invalid-entry: entries with a wrong shape (left untouched in the file, unusable). */
export const storeEntriesCheck: Check = {
  id: 'store.invalid-entry',
  section: 'auth-store',
  async run(_ctx, state) {
    const out: Finding[] = [];
    for (const agentId of await state.agentIds()) {
      const r = await state.store(agentId);
      if (r.kind !== 'ok') continue;
      for (const bad of r.view.invalid) {
        out.push({
          id: 'store.invalid-entry',
          severity: 'warn',
          section: 'auth-store',
          file: r.view.path,
          message: `${bad.path}: ${bad.message} (entry ignored)`,
          fix: `clawdbot models auth login, or edit ${r.view.path}`,
        });
      }
    }
    return out;
  },
};
