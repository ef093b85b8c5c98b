import { tildify } from '../deps.js';
import type { Check, Finding } from '../types.js';

/** On macOS the logins sit in the keychain: reading them once by hand lets the user allow access for good. */
const keychainHint = (service: string) =>
  `security find-generic-password -s "${service}" -w   (then choose "Always Allow" for the prompt)`;

function fixFor(platform: NodeJS.Platform, where: string): string {
  const codex = /codex/i.test(where);
  if (platform === 'darwin' && /keychain/i.test(where))
    return keychainHint(codex ? 'Codex Auth' : 'Claude Code-credentials');
  return codex ? 'codex login' : 'claude setup-token';
}

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
      const shown = tildify(ctx, p.path);
      const named = p.message.includes(shown) || p.message.includes(p.path);
      out.push({
        id: 'sync.unusable',
        severity: 'warn',
        section: 'sync',
        ...(p.path ? { file: p.path } : {}),
        message: `${named || !p.path ? '' : `${shown}: `}${p.message} (not imported)`,
        fix: fixFor(ctx.platform, `${p.path} ${p.message}`),
      });
    }
    return out;
  },
};
