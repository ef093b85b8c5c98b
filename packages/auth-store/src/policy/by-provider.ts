/**
 * Indexes by provider, so a command that looks at every provider (status, doctor) reads each
 * record once instead of once per provider. Each index is made once per record object: a store
 * or a config as read is never edited in place (a write re-reads the file).
 */

const norm = (id: string | undefined): string => (id ?? '').trim().toLowerCase();

const byEntry = new WeakMap<object, Map<string, string[]>>();
const byKey = new WeakMap<object, Map<string, unknown[]>>();

/**
 * The ids of a record of entries (store or config `profiles`) grouped by each entry's
 * provider (trimmed, lower-cased), in record order.
 * @throws never
 */
export function idsByProvider(
  record: Readonly<Record<string, { provider?: string } | undefined>> | undefined,
): ReadonlyMap<string, readonly string[]> {
  if (!record) return new Map();
  let index = byEntry.get(record);
  if (!index) {
    index = new Map();
    for (const [id, entry] of Object.entries(record)) {
      const p = norm(entry?.provider);
      const ids = index.get(p);
      if (ids) ids.push(id);
      else index.set(p, [id]);
    }
    byEntry.set(record, index);
  }
  return index;
}

/**
 * The values of a provider-keyed record (`order`) whose key names the provider (trimmed,
 * lower-cased), in record order.
 * @throws never
 */
export function valuesByProviderKey<T>(
  record: Readonly<Record<string, T>> | undefined,
): ReadonlyMap<string, readonly T[]> {
  if (!record) return new Map();
  let index = byKey.get(record);
  if (!index) {
    index = new Map();
    for (const [key, value] of Object.entries(record)) {
      const p = norm(key);
      const values = index.get(p);
      if (values) values.push(value);
      else index.set(p, [value]);
    }
    byKey.set(record, index);
  }
  return index as Map<string, T[]>;
}
