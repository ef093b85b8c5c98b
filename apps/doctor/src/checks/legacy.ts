import fs from 'node:fs';
import path from 'node:path';
import { type RuntimeContext, readStore, tildify } from '../deps.js';
import { DoctorError } from '../errors.js';
import { LEGACY_OWNER } from '../legacy-paths.js';
import type { Check, Finding } from '../types.js';

function archivedAs(file: string): string | undefined {
  const base = path.basename(file);
  try {
    const names = fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith(`${base}.migrated-`));
    return names.length > 0 ? path.join(path.dirname(file), names.sort().at(-1) as string) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Imports through auth-store (copy, read back, verify, archive as `<name>.migrated-<ms>`), then
 * confirms the source was archived. A file left in place (a conflict, not JSON) fails the repair.
 */
async function importLegacy(ctx: RuntimeContext, agentId: string, file: string): Promise<string[]> {
  const view = await readStore(ctx, agentId);
  if (fs.existsSync(file)) {
    const why = view.warnings
      .filter((w) => w.startsWith(file))
      .map((w) => w.replace(file, tildify(ctx, file)));
    throw new DoctorError(
      'DOCTOR_REPAIR_FAILED',
      `${tildify(ctx, file)} was left in place: ${why.join('; ') || 'not imported'}`,
      {
        path: file,
        hint: `compare ${tildify(ctx, file)} with ${tildify(ctx, path.dirname(view.path))}, keep what you need, then move ${tildify(ctx, file)} away`,
      },
    );
  }
  const archived = archivedAs(file);
  return [
    `imported ${tildify(ctx, file)} into ${tildify(ctx, view.path)}, verified, archived as ${archived ? tildify(ctx, archived) : '(moved)'}`,
  ];
}

/** legacy.pending: legacy credential files still in place (repair: import, verify, archive). */
export const legacyCheck: Check = {
  id: 'legacy.pending',
  section: 'legacy',
  async run(ctx, state) {
    const out: Finding[] = [];
    for (const agentId of await state.agentIds()) {
      for (const file of state.legacyFiles(agentId)) {
        const kind = fs.statSync(file).isDirectory() ? 'folder' : 'file';
        const owner = agentId === LEGACY_OWNER ? LEGACY_OWNER : agentId;
        out.push({
          id: 'legacy.pending',
          severity: 'warn',
          section: 'legacy',
          file,
          message: `legacy ${kind} ${tildify(ctx, file)} is not imported into agent ${owner}'s store yet (that store is checked after the import)`,
          fix: 'clawdbot doctor --yes',
          repair: {
            describe: `import ${tildify(ctx, file)} into agent ${owner}'s store, verify, archive it`,
            safe: true,
            apply: () => importLegacy(ctx, owner, file),
          },
        });
      }
    }
    return out;
  },
};
