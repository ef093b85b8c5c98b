import { tildify } from '../deps.js';
import type { Check, Finding } from '../types.js';

const KEYCHAIN_HINT =
  'allow keychain access once: security find-generic-password -s "Claude Code-credentials" -w (choose "Always Allow")';

/** sync.*: imports Claude Code / Codex CLI logins and says what changed or what is unusable. */
export const syncCheck: Check = {
  id: 'sync',
  section: 'sync',
  async run(ctx, state) {
    const r = await state.sync();
    if (!r.ok) {
      // A store that does not parse is reported once, by store.parse.
      if (r.error.code === 'STORE_PARSE_FAILED') return [];
      return [
        {
          id: 'sync.failed',
          severity: 'warn',
          section: 'sync',
          ...(r.error.path ? { file: r.error.path } : {}),
          message: `sync with Claude Code / Codex failed: ${r.error.message}`,
          ...(r.error.hint ? { fix: r.error.hint } : {}),
        },
      ];
    }
    const out: Finding[] = r.changed.map((id) => ({
      id: 'sync.changed',
      severity: 'info',
      section: 'sync',
      message: `synced ${id} from ${id.endsWith('codex-cli') ? 'Codex CLI' : 'Claude Code'}`,
    }));
    for (const p of r.problems) {
      const keychain = /keychain|security/i.test(`${p.path} ${p.message}`);
      out.push({
        id: 'sync.unusable',
        severity: 'warn',
        section: 'sync',
        file: p.path,
        message: `${tildify(ctx, p.path)}: ${p.message} (not imported)`,
        fix:
          keychain && ctx.platform === 'darwin'
            ? KEYCHAIN_HINT
            : p.path.includes('.codex')
              ? 'codex login'
              : 'claude setup-token',
      });
    }
    return out;
  },
};
