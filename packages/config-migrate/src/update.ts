import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type RuntimeContext, resolveConfigPath, tildify } from '@clawdbot-auth/env-loader';
import { newestBackup, rotateBackups } from './backups.js';
import { ConfigError } from './errors.js';
import { parseConfigText, readConfigFile } from './file.js';
import { type LoadConfigOptions, type LoadedConfig, viewConfig } from './load.js';
import { applyMigrations } from './migrations.js';
import type { PlainObject } from './plain.js';
import { validateConfig } from './validate.js';

/** Lock timing: a holder that died is taken over after 10 s; waiters retry for ~15 s. */
const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 30, factor: 1.3, minTimeout: 25, maxTimeout: 1_000, randomize: true },
};

async function acquireLock(file: string): Promise<() => Promise<void>> {
  try {
    // Loaded on first write only: readers never pay for the lock and atomic-write modules.
    const { lock } = await import('proper-lockfile');
    return await lock(file, { ...LOCK_OPTIONS, onCompromised: () => undefined });
  } catch (err) {
    throw new ConfigError('CONFIG_LOCK_FAILED', `${file}: another process holds the config lock`, {
      path: file,
      hint: `retry; if no clawdbot process is running, remove ${file}.lock`,
      cause: err,
    });
  }
}

function rejectNewIssues(before: PlainObject, after: PlainObject, file: string): void {
  const known = new Set(validateConfig(before).issues.map((i) => `${i.path}: ${i.message}`));
  const added = validateConfig(after).issues.filter((i) => !known.has(`${i.path}: ${i.message}`));
  if (added.length === 0) return;
  const list = added.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ConfigError('CONFIG_INVALID', `${file}: the change would make the config invalid (${list})`, {
    path: file,
    hint: 'nothing was written; fix the value and run the command again',
  });
}

async function writeVerified(file: string, text: string, previous: string | undefined): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  // Loaded here, not at the top: node:util's ESM namespace is costly and reads never need it.
  const { isDeepStrictEqual } = await import('node:util');
  try {
    await writeFileAtomic(file, text, { mode: 0o600, fsync: true });
    const back = parseConfigText(await readFile(file, 'utf8'), file);
    if (isDeepStrictEqual(back, parseConfigText(text, file))) return;
  } catch (err) {
    throw writeFailed(file, err);
  }
  if (previous !== undefined) await writeFileAtomic(file, previous, { mode: 0o600 });
  throw writeFailed(file, undefined);
}

function previousVersion(file: string): string {
  const bak = newestBackup(file);
  return bak ? `; the previous version is ${bak}` : '';
}

function writeFailed(file: string, cause: unknown): ConfigError {
  const why = cause instanceof Error ? cause.message : 'read-back did not match what was written';
  return new ConfigError('CONFIG_WRITE_FAILED', `${file}: write failed (${why})`, {
    path: file,
    hint: `check free space and permissions of ${dirname(file)}${previousVersion(file)}`,
    cause,
  });
}

/**
 * Locked read-modify-write of clawdbot.json: re-read, migrate, mutate, back up (5 kept),
 * atomic 0600 write, read back. An unparsable file is never overwritten. The returned view
 * is built after the write (so ENV_VAR_MISSING there means the file was saved).
 * @throws CONFIG_PARSE_FAILED, CONFIG_LOCK_FAILED, CONFIG_INVALID, CONFIG_WRITE_FAILED, ENV_VAR_MISSING
 */
export async function updateConfig(
  ctx: RuntimeContext,
  mutate: (raw: Record<string, unknown>) => void | Promise<void>,
  opts: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const path = resolveConfigPath(ctx);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const release = await acquireLock(path);
  let state: { raw: PlainObject; migrations: string[] };
  try {
    const disk = await readConfigFile(path);
    const migrations = applyMigrations(disk.raw);
    const before = structuredClone(disk.raw);
    await mutate(disk.raw);
    rejectNewIssues(before, disk.raw, path);
    // Loaded on write only: readers never pay for the text editor.
    const { editConfigText } = await import('./edit-text.js');
    const { text, kept } = editConfigText(disk.text, disk.raw);
    if (text !== disk.text) {
      if (disk.exists) {
        await rotateBackups(path, disk.text).catch((err: unknown) => {
          throw writeFailed(path, err);
        });
      }
      await writeVerified(path, text, disk.exists ? disk.text : undefined);
      if (!kept) {
        const shown = tildify(ctx, path);
        process.stderr.write(
          `warning: ${shown}: its comments and JSON5 formatting could not be kept by this change (written as plain JSON); the previous text is in ${tildify(ctx, newestBackup(path) ?? `${path}.bak`)}\n`,
        );
      }
    }
    state = { raw: parseConfigText(text, path), migrations };
  } finally {
    await release().catch(() => undefined);
  }
  return viewConfig(ctx, { path, exists: true, ...state }, opts);
}
