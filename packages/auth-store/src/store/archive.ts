import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { AuthStoreError, safeCause } from './errors.js';

/** True when something exists at `p` (a synchronous stat: every command asks, for a few paths). */
export async function exists(p: string): Promise<boolean> {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** An archive holds credentials: its files become 0600 and its directories 0700. */
async function tighten(p: string): Promise<void> {
  const st = await fs.lstat(p);
  if (st.isSymbolicLink()) return;
  if (!st.isDirectory()) {
    await fs.chmod(p, 0o600);
    return;
  }
  await fs.chmod(p, 0o700);
  for (const name of await fs.readdir(p)) await tighten(path.join(p, name));
}

/**
 * Renames a migrated source to `<name>.migrated-<ms>` (never over an existing file), mode
 * 0600 (0700 for a directory, 0600 for the files in it).
 * @throws LEGACY_IMPORT_FAILED
 */
export async function archive(ctx: RuntimeContext, source: string): Promise<string> {
  let stamp = ctx.now();
  while (await exists(`${source}.migrated-${stamp}`)) stamp += 1;
  const target = `${source}.migrated-${stamp}`;
  try {
    await fs.rename(source, target);
    await tighten(target);
  } catch (err) {
    throw new AuthStoreError(
      'LEGACY_IMPORT_FAILED',
      `Imported ${source} but could not rename it to ${target}.`,
      {
        path: source,
        hint: `rename it by hand: mv ${source} ${target}`,
        cause: safeCause(err),
      },
    );
  }
  return target;
}
