import fs from 'node:fs/promises';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { AuthStoreError, safeCause } from './errors.js';

/** True when something exists at `p`. */
export async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Renames a migrated source to `<name>.migrated-<ms>` (never over an existing file).
 * @throws LEGACY_IMPORT_FAILED
 */
export async function archive(ctx: RuntimeContext, source: string): Promise<string> {
  let stamp = ctx.now();
  while (await exists(`${source}.migrated-${stamp}`)) stamp += 1;
  const target = `${source}.migrated-${stamp}`;
  try {
    await fs.rename(source, target);
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
