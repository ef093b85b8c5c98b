import { isPlainObject, type RawStore } from '../store/parse-store.js';
import { emptyRawStore } from '../store/store-file.js';

/**
 * The file shape of an agent's store as etcd entries and back: one entry per profile,
 * usage-stats entry, order and lastGood provider, tombstone and dead mark (`profiles/<id>`,
 * `usageStats/<id>`, `order/<provider>`, `lastGood/<provider>`, `clawdbot/<kind>/<id>`), anything
 * else of the file shape as `top/<key>`. Keys are relative to `<prefix>/agents/<agent>/`; ids
 * are URI-encoded.
 */

const ENTRY_MAPS = new Set(['profiles', 'usageStats', 'order', 'lastGood']);
export const enc = encodeURIComponent;
export const dec = decodeURIComponent;

/** Flattens the file shape into entry keys (relative to the agent) -> JSON text. */
export function flatten(raw: RawStore): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) {
    if (ENTRY_MAPS.has(k) && isPlainObject(v)) {
      for (const [id, e] of Object.entries(v)) out.set(`${k}/${enc(id)}`, JSON.stringify(e));
    } else if (k === 'clawdbot' && isPlainObject(v)) {
      for (const [sub, sv] of Object.entries(v)) {
        if (isPlainObject(sv))
          for (const [id, e] of Object.entries(sv))
            out.set(`clawdbot/${enc(sub)}/${enc(id)}`, JSON.stringify(e));
        else out.set(`clawdbot/${enc(sub)}`, JSON.stringify(sv));
      }
    } else {
      out.set(`top/${enc(k)}`, JSON.stringify(v));
    }
  }
  return out;
}

/** The file shape from entry keys (the inverse of flatten). */
export function assemble(entries: Iterable<[string, string]>): RawStore {
  const raw: Record<string, unknown> = {};
  const rec = (o: Record<string, unknown>, k: string): Record<string, unknown> => {
    if (!isPlainObject(o[k])) o[k] = {};
    return o[k] as Record<string, unknown>;
  };
  for (const [key, json] of entries) {
    const value = JSON.parse(json) as unknown;
    const parts = key.split('/');
    const [head, a, b] = parts;
    if (head === 'top' && a !== undefined) raw[dec(a)] = value;
    else if (head === 'clawdbot' && a !== undefined && b !== undefined)
      rec(rec(raw, 'clawdbot'), dec(a))[dec(b)] = value;
    else if (head === 'clawdbot' && a !== undefined) rec(raw, 'clawdbot')[dec(a)] = value;
    else if (head !== undefined && ENTRY_MAPS.has(head) && a !== undefined) rec(raw, head)[dec(a)] = value;
  }
  const base = emptyRawStore();
  return { ...base, ...raw, profiles: isPlainObject(raw.profiles) ? raw.profiles : {} } as RawStore;
}

/** The profile ids an entry key belongs to (its credential guards the write). */
export function profileOf(key: string): string | undefined {
  const m = /^(?:profiles|usageStats|clawdbot\/dead)\/([^/]+)$/.exec(key);
  return m?.[1] === undefined ? undefined : `profiles/${m[1]}`;
}
