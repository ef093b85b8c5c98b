import { open } from 'node:fs/promises';
import type { FileProvider } from './schema.js';
import { untrustedPath } from './trust.js';

export const DEFAULT_FILE_MAX_BYTES = 1024 * 1024;

/** RFC 6901: `/a/b~1c` -> ['a', 'b/c']. */
function pointerGet(doc: unknown, pointer: string): unknown {
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * A value from a secrets file: `singleValue` (the whole file, id "value") or `json` (id is
 * a JSON pointer). Returns a reason on failure, never file content.
 * @throws never
 */
export async function readFileProvider(
  file: string,
  p: FileProvider,
  id: string,
): Promise<{ value: string } | string> {
  const untrusted = await untrustedPath(file, { kind: 'file' });
  if (untrusted) return untrusted;
  const max = p.maxBytes ?? DEFAULT_FILE_MAX_BYTES;
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(max + 1);
      const { bytesRead } = await handle.read(buf, 0, max + 1, 0);
      if (bytesRead > max) return `file ${file} is larger than ${max} bytes`;
      text = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    return `file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if ((p.mode ?? 'json') === 'singleValue') {
    if (id !== 'value') return 'a singleValue provider takes id "value"';
    const value = text.replace(/\r?\n$/, '');
    return value.trim() ? { value } : `file ${file} is empty`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return `file ${file} is not JSON`;
  }
  const value = pointerGet(doc, id);
  return typeof value === 'string' && value !== '' ? { value } : `file ${file} has no string at ${id}`;
}
