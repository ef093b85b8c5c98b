import fs from 'node:fs';
import path from 'node:path';
import { readIfExists, writeNewFile } from './write.js';

/** `<file>.corrupt-<ms>`: the one name of a kept copy. */
function copyPrefix(file: string): string {
  return `${path.basename(file)}.corrupt-`;
}

/** The kept copies of `file`, oldest first (full paths). Never throws. */
export function listCorruptCopies(file: string): string[] {
  const prefix = copyPrefix(file);
  try {
    return fs
      .readdirSync(path.dirname(file))
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
      .map((n) => path.join(path.dirname(file), n));
  } catch {
    return [];
  }
}

/**
 * The one corrupt-copy rule: before anyone reports that `file` does not parse, its bytes are
 * kept as `<file>.corrupt-<ms>` (0600, fsynced, never overwritten), once per distinct content:
 * a second failing run over the same bytes keeps nothing new. The original is never touched.
 * Returns the copy's path (new or existing), or undefined when no copy could be made.
 * Best effort: never throws (the caller's parse error is the one to report).
 */
export function keepCorruptCopy(
  file: string,
  bytes: Buffer | string,
  now: number = Date.now(),
): string | undefined {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  try {
    for (const copy of listCorruptCopies(file)) {
      if (readIfExists(copy)?.equals(data)) return copy;
    }
    let stamp = Math.floor(now);
    while (!writeNewFile(`${file}.corrupt-${stamp}`, data)) stamp += 1;
    return `${file}.corrupt-${stamp}`;
  } catch {
    return undefined;
  }
}
