import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { writeFileAtomic } from '@clawdbot-auth/fs-safe';

/** How many backups are kept: `<file>.bak` (newest), `.bak.1` … `.bak.4` (oldest). */
export const BACKUP_COUNT = 5;

/** The backup paths, newest first. */
export function backupPaths(file: string): string[] {
  return Array.from({ length: BACKUP_COUNT }, (_, i) => (i === 0 ? `${file}.bak` : `${file}.bak.${i}`));
}

/** The newest backup of `file` that is on disk, if any (hints only name files that exist). */
export function newestBackup(file: string): string | undefined {
  return backupPaths(file).find((p) => existsSync(p));
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Shifts the backups by one (dropping the oldest) and stores `previousText` as `<file>.bak`. */
export async function rotateBackups(file: string, previousText: string): Promise<void> {
  const paths = backupPaths(file);
  await rm(paths[paths.length - 1] as string, { force: true });
  for (let i = paths.length - 1; i > 0; i--) {
    await renameIfPresent(paths[i - 1] as string, paths[i] as string);
  }
  // The config may hold API keys: backups are 0600 like the config itself.
  writeFileAtomic(paths[0] as string, previousText);
}
