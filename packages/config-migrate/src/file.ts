import { keepCorruptCopy, readState } from '@clawdbot-auth/fs-safe';
import JSON5 from 'json5';
import { newestBackup } from './backups.js';
import { ConfigError } from './errors.js';
import { isPlainObject, type PlainObject } from './plain.js';

/** What is on disk: the exact text (for backups) and its parsed object. */
export interface ConfigFile {
  exists: boolean;
  text: string;
  raw: PlainObject;
}

interface Json5SyntaxError extends SyntaxError {
  lineNumber?: number;
  columnNumber?: number;
}

/** " (or restore <newest backup>)" when a backup exists, else nothing. */
function orRestore(file: string): string {
  const bak = newestBackup(file);
  return bak ? ` (or restore ${bak})` : '';
}

/** Parses JSON5 text into an object. @throws CONFIG_PARSE_FAILED (with line:col) */
export function parseConfigText(text: string, file: string): PlainObject {
  // An empty file holds no data that could be lost; treat it as an empty config.
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON5.parse(text);
  } catch (err) {
    const e = err as Json5SyntaxError;
    const where = e.lineNumber === undefined ? '' : `:${e.lineNumber}:${e.columnNumber ?? 0}`;
    const reason = String(e.message ?? err)
      .replace(/^JSON5: /, '')
      .replace(/ at \d+:\d+$/, '');
    throw new ConfigError('CONFIG_PARSE_FAILED', `${file}${where}: ${reason}`, {
      path: file,
      hint: `fix the syntax at ${file}${where}${orRestore(file)}, then run: clawdbot doctor`,
    });
  }
  if (!isPlainObject(value)) {
    throw new ConfigError('CONFIG_PARSE_FAILED', `${file}: the top level must be an object`, {
      path: file,
      hint: `edit ${file} so it holds one { ... } object${orRestore(file)}`,
    });
  }
  return value;
}

/** Reads and parses the config file; a missing file is an empty config. @throws CONFIG_PARSE_FAILED, CONFIG_READ_FAILED */
export async function readConfigFile(file: string): Promise<ConfigFile> {
  let bytes: Buffer | undefined;
  try {
    bytes = readState(file);
  } catch (err) {
    const why = (err as { cause?: { code?: string } }).cause?.code ?? 'error';
    throw new ConfigError('CONFIG_READ_FAILED', `${file}: cannot read (${why})`, {
      path: file,
      hint: `check the permissions of ${file}`,
      cause: err,
    });
  }
  return parseConfigBytes(file, bytes);
}

/**
 * Parses bytes read from the config file (undefined: no file). A config that does not parse
 * is kept as `<file>.corrupt-<ms>` (fs-safe's one corrupt-copy rule: 0600, once per distinct
 * content) so a later hand edit or restore cannot lose what was there.
 * @throws CONFIG_PARSE_FAILED
 */
export function parseConfigBytes(file: string, bytes: Buffer | undefined): ConfigFile {
  if (bytes === undefined) return { exists: false, text: '', raw: {} };
  const text = bytes.toString('utf8');
  try {
    return { exists: true, text, raw: parseConfigText(text, file) };
  } catch (err) {
    keepCorruptCopy(file, bytes);
    throw err;
  }
}
