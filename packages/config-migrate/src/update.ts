import { dirname } from 'node:path';
import { type RuntimeContext, resolveConfigPath, tildify } from '@clawdbot-auth/env-loader';
import { isFsSafeError, updateFile } from '@clawdbot-auth/fs-safe';
import { newestBackup, rotateBackups } from './backups.js';
import { ConfigError } from './errors.js';
import { parseConfigBytes, parseConfigText } from './file.js';
import { type LoadConfigOptions, type LoadedConfig, viewConfig } from './load.js';
import { applyMigrations } from './migrations.js';
import type { PlainObject } from './plain.js';
import { validateConfig } from './validate.js';

/** Lock timing: a holder that died is taken over after 10 s; live holders are waited for 15 s. */
const LOCK_OPTIONS = { staleMs: 10_000, waitMs: 15_000 };

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

function previousVersion(file: string): string {
  const bak = newestBackup(file);
  return bak ? `; the previous version is ${bak}` : '';
}

function writeFailed(file: string, cause: unknown): ConfigError {
  const why =
    cause instanceof Error ? cause.message.replace(/\.$/, '') : 'read-back did not match what was written';
  return new ConfigError('CONFIG_WRITE_FAILED', `${file}: write failed (${why})`, {
    path: file,
    hint: `check free space and permissions of ${dirname(file)}${previousVersion(file)}`,
    cause,
  });
}

/** fs-safe's failures in the config's terms; lock errors keep fs-safe's message (the real cause). */
function fromFsSafe(file: string, err: unknown): unknown {
  if (!isFsSafeError(err)) return err;
  if (err.code.startsWith('LOCK_')) {
    return new ConfigError('CONFIG_LOCK_FAILED', err.message, { path: file, hint: err.hint, cause: err });
  }
  if (err.code === 'READ_FAILED') {
    return new ConfigError('CONFIG_READ_FAILED', err.message, { path: file, hint: err.hint, cause: err });
  }
  return writeFailed(file, err);
}

/**
 * Locked read-modify-write of clawdbot.json through fs-safe: re-read, migrate, mutate, back up
 * (5 kept), atomic 0600 write as a compare-and-swap against what was read (mutate runs again
 * on the fresh file if another writer got in), read back. A symlinked config is followed and
 * its target replaced. An unparsable file is never overwritten. The returned view is built
 * after the write (so ENV_VAR_MISSING there means the file was saved).
 * @throws CONFIG_PARSE_FAILED, CONFIG_LOCK_FAILED, CONFIG_INVALID, CONFIG_WRITE_FAILED, ENV_VAR_MISSING
 */
export async function updateConfig(
  ctx: RuntimeContext,
  mutate: (raw: Record<string, unknown>) => void | Promise<void>,
  opts: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const path = resolveConfigPath(ctx);
  let written = '';
  let keptFormatting = true;
  // Loaded here, not at the top: node:util's ESM namespace is costly and reads never need it.
  const { isDeepStrictEqual } = await import('node:util');
  let state: { raw: PlainObject; migrations: string[] };
  try {
    state = await updateFile(
      path,
      async (bytes) => {
        const disk = parseConfigBytes(path, bytes);
        const migrations = applyMigrations(disk.raw);
        const before = structuredClone(disk.raw);
        await mutate(disk.raw);
        rejectNewIssues(before, disk.raw, path);
        // Loaded on write only: readers never pay for the text editor.
        const { editConfigText } = await import('./edit-text.js');
        const { text, kept } = editConfigText(disk.text, disk.raw);
        const result = { raw: parseConfigText(text, path), migrations };
        keptFormatting = kept;
        if (text === disk.text) return { result };
        if (disk.exists) {
          try {
            await rotateBackups(path, disk.text);
          } catch (err) {
            throw writeFailed(path, err);
          }
        }
        written = text;
        return { write: text, result };
      },
      {
        ...LOCK_OPTIONS,
        verify: (back) => {
          try {
            return isDeepStrictEqual(
              parseConfigText(back.toString('utf8'), path),
              parseConfigText(written, path),
            );
          } catch {
            return false;
          }
        },
      },
    );
  } catch (err) {
    throw fromFsSafe(path, err);
  }
  if (written !== '' && !keptFormatting) {
    process.stderr.write(
      `warning: ${tildify(ctx, path)}: its comments and JSON5 formatting could not be kept by this change (written as plain JSON); the previous text is in ${tildify(ctx, newestBackup(path) ?? `${path}.bak`)}\n`,
    );
  }
  return viewConfig(ctx, { path, exists: true, ...state }, opts);
}
