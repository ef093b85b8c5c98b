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
function profileOf(key: string): string | undefined {
  const m = /^(?:profiles|usageStats|clawdbot\/dead)\/([^/]+)$/.exec(key);
  return m?.[1] === undefined ? undefined : `profiles/${m[1]}`;
}

/** etcd's default limit of operations, and of comparisons, in one transaction (--max-txn-ops). */
export const MAX_TXN_OPS = 128;

/** One entry to write (`json`) or delete (no `json`). */
export interface Change {
  key: string;
  json?: string;
}

/**
 * Groups changes into transactions within MAX_TXN_OPS operations and comparisons each: a
 * transaction compares every key it changes and the credential key of each (`profiles/<id>`
 * for a usage-stats entry or dead mark), so a change and its credential guard travel together.
 */
export function planTxns(changes: Change[]): { changes: Change[]; guards: Set<string> }[] {
  const out: { changes: Change[]; guards: Set<string> }[] = [];
  let cur = { changes: [] as Change[], guards: new Set<string>() };
  for (const ch of changes) {
    const need = [ch.key, profileOf(ch.key)].filter((k): k is string => k !== undefined);
    const added = need.filter((k) => !cur.guards.has(k)).length;
    if (
      cur.changes.length > 0 &&
      (cur.changes.length + 1 > MAX_TXN_OPS || cur.guards.size + added > MAX_TXN_OPS)
    ) {
      out.push(cur);
      cur = { changes: [], guards: new Set() };
    }
    cur.changes.push(ch);
    for (const k of need) cur.guards.add(k);
  }
  if (cur.changes.length > 0) out.push(cur);
  return out;
}
