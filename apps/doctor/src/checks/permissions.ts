import fs from 'node:fs';
import path from 'node:path';
import { type RuntimeContext, resolveAgentDir, resolveConfigPath, tildify } from '../deps.js';
import type { DoctorState } from '../state.js';
import type { Check, Finding } from '../types.js';

interface Target {
  path: string;
  want: number;
}

/** The directories (0700) and files (0600) that hold credentials or their routing, and copies of them. */
async function targetsOf(ctx: RuntimeContext, state: DoctorState): Promise<Target[]> {
  const agentsDir = path.join(state.stateDir, 'agents');
  const dirs = new Set<string>([state.stateDir, agentsDir]);
  const files = new Set<string>([resolveConfigPath(ctx), path.join(state.stateDir, '.env')]);
  for (const agentId of await state.agentIds()) {
    const agentDir = resolveAgentDir(ctx, agentId);
    // `<state>/agents/<id>` only: an overridden agent dir's parent may be HOME itself.
    if (path.dirname(path.dirname(agentDir)) === agentsDir) dirs.add(path.dirname(agentDir));
    dirs.add(agentDir);
    files.add(path.join(agentDir, 'auth-profiles.json'));
  }
  const config = resolveConfigPath(ctx);
  const ours = [
    state.stateDir,
    path.join(state.stateDir, 'credentials'),
    path.join(state.stateDir, 'recovery'),
    ...dirs,
  ];
  const copies = ours.flatMap((d) => copiesIn(d));
  // the config's backups and copies live beside it, also where CLAWDBOT_CONFIG_PATH moves it
  if (!ours.includes(path.dirname(config))) {
    copies.push(...copiesIn(path.dirname(config), `${path.basename(config)}.`));
  }
  return [
    ...[...dirs].map((p) => ({ path: p, want: 0o700 })),
    ...[...files].map((p) => ({ path: p, want: 0o600 })),
    ...copies,
  ];
}

/** Names of copies that hold credentials too: legacy archives, corrupt copies, backups, recovery files. */
const COPY_NAMES = [/\.(migrated|corrupt)-\d+$/, /\.bak(\.\d+)?$/, /^auth-recovery-.+\.json$/];

/** The copies of credential files in `dir` (only those named `<prefix>…` when given). */
function copiesIn(dir: string, prefix = ''): Target[] {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(prefix) && COPY_NAMES.some((re) => re.test(e.name)))
    .map((e) => ({ path: path.join(dir, e.name), want: e.isDirectory() ? 0o700 : 0o600 }));
}

function modeOf(p: string, wantDir: boolean): number | undefined {
  try {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink() || st.isDirectory() !== wantDir) return undefined;
    return st.mode & 0o777;
  } catch {
    return undefined;
  }
}

const octal = (m: number) => `0${m.toString(8).padStart(3, '0')}`;

/** store.permissions: credential files 0600 and their directories 0700 (repair: chmod). */
export const permissionsCheck: Check = {
  id: 'store.permissions',
  section: 'auth-store',
  async run(ctx, state) {
    if (ctx.platform === 'win32') return [];
    const out: Finding[] = [];
    for (const t of await targetsOf(ctx, state)) {
      const mode = modeOf(t.path, t.want === 0o700);
      if (mode === undefined || (mode & 0o077) === 0) continue;
      const kind = t.want === 0o700 ? 'directory' : 'file';
      out.push({
        id: 'store.permissions',
        severity: 'warn',
        section: 'auth-store',
        file: t.path,
        message: `${tildify(ctx, t.path)} is ${octal(mode)}: other users can ${kind === 'file' ? 'read' : 'list'} it (want ${octal(t.want)})`,
        fix: `chmod ${octal(t.want)} ${tildify(ctx, t.path)}`,
        repair: {
          describe: `chmod ${octal(t.want)} ${tildify(ctx, t.path)}`,
          safe: true,
          apply: async () => {
            fs.chmodSync(t.path, t.want);
          },
        },
      });
    }
    return out;
  },
};
