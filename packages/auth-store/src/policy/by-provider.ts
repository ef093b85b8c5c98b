/**
 * Indexes by provider, so a command that looks at every provider (status, doctor) reads each
 * record once instead of once per provider. Each index is made once per record object: a store
 * or a config as read is never edited in place (a write re-reads the file).
 */

const norm = (id: string | undefined): string => (id ?? '').trim().toLowerCase();

const byEntry = new WeakMap<object, Map<string, string[]>>();
const byKey = new WeakMap<object, Map<string, unknown[]>>();

/** `record`'s entries grouped by `pick(key, value)` ([provider, item]), made once per record. */
function grouped<V, I>(
  cache: WeakMap<object, Map<string, I[]>>,
  record: Readonly<Record<string, V>>,
  pick: (key: string, value: V) => [provider: string, item: I],
): Map<string, I[]> {
  let index = cache.get(record);
  if (!index) {
    index = new Map();
    for (const [key, value] of Object.entries(record)) {
      const [p, item] = pick(key, value);
      const items = index.get(p);
      if (items) items.push(item);
      else index.set(p, [item]);
    }
    cache.set(record, index);
  }
  return index;
}

/**
 * The ids of a record of entries (store or config `profiles`) grouped by each entry's
 * provider (trimmed, lower-cased), in record order.
 * @throws never
 */
export function idsByProvider(
  record: Readonly<Record<string, { provider?: string } | undefined>> | undefined,
): ReadonlyMap<string, readonly string[]> {
  return record ? grouped(byEntry, record, (id, entry) => [norm(entry?.provider), id]) : new Map();
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
  return grouped(byKey as WeakMap<object, Map<string, T[]>>, record, (key, value) => [norm(key), value]);
}
