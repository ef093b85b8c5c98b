import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RuntimeContext } from '@clawdbot-auth/env-loader';
import { ensureDir, readIfExists, writeNewFile } from '@clawdbot-auth/fs-safe';
import { recordAuthEvent } from '../journal/record.js';
import { archive } from './archive.js';
import type { LegacyResult } from './legacy.js';
import { withFileLock } from './lock.js';
import { resolveAgentDir, resolveLegacyAgentDir, resolveStorePath } from './paths.js';

/**
 * `<state>/agent/` (single-agent layout) belongs to the default agent. Its files are copied
 * into the default agent's dir (never over a different file there), read back, and the old
 * folder is archived as `<state>/agent.migrated-<ms>`. A conflict (a different file already in
 * the new place) keeps the old folder and is reported instead.
 * @throws LEGACY_IMPORT_FAILED, STORE_WRITE_FAILED
 */
export async function copyLegacyAgentDir(ctx: RuntimeContext, result: LegacyResult): Promise<void> {
  const oldDir = resolveLegacyAgentDir(ctx);
  const newDir = resolveAgentDir(ctx);
  if (path.resolve(oldDir) === path.resolve(newDir) || !(await isDir(oldDir))) return;
  await withFileLock(ctx, resolveStorePath(ctx), async () => {
    if (!(await isDir(oldDir))) return;
    const conflicts: string[] = [];
    await copyTree(oldDir, newDir, conflicts);
    if (conflicts.length > 0) {
      for (const c of conflicts)
        result.warnings.push(`${c}: differs from the file in ${newDir}; not imported (left in place)`);
      return;
    }
    await archive(ctx, oldDir);
    result.imported.push(oldDir);
    recordAuthEvent(ctx, {
      event: 'imported',
      agent: 'main',
      cause: `from ${oldDir} (single-agent layout)`,
      store: resolveStorePath(ctx),
    });
  });
}

/** A synchronous stat: every command asks once, and an async one starts libuv's thread pool. */
async function isDir(p: string): Promise<boolean> {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Copies files that are missing in `to`; identical ones are fine; different ones are conflicts. */
async function copyTree(from: string, to: string, conflicts: string[]): Promise<void> {
  await ensureDir(to);
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await copyTree(src, dst, conflicts);
      continue;
    }
    if (!entry.isFile() || entry.name.endsWith('.lock')) continue;
    const bytes = await fs.readFile(src);
    const existing = await readIfExists(dst);
    if (existing === undefined) {
      await writeNewFile(dst, bytes);
      const back = await readIfExists(dst);
      if (back?.equals(bytes)) continue;
    } else if (existing.equals(bytes)) continue;
    conflicts.push(src);
  }
}
