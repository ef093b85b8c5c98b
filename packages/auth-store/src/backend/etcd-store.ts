import type { Etcd3 } from 'etcd3';
import { AuthStoreError } from '../store/errors.js';
import type { RawStore } from '../store/parse-store.js';
import { emptyRawStore, type LoadedFile, UNCHANGED } from '../store/store-file.js';
import { backendError, connectEtcd } from './etcd-client.js';
import { assemble, type Change, enc, flatten, planTxns } from './etcd-codec.js';
import { gatewayRange, NoGateway, type RangeResult } from './etcd-http.js';
import { createKeyFile, openValue, readKeyFile, type SealKey, sealValue } from './seal.js';
import type { EtcdSettings } from './settings.js';

/**
 * The store on etcd. An agent's store is the keys under `<prefix>/agents/<agent>/`, one per
 * entry (see etcd-codec.ts). Every value is sealed (AES-256-GCM, the key file stays on the host).
 *
 * A write reads the agent's keys (one range, one revision), lets the same edit function the
 * file store uses change the assembled store, and commits only the keys that changed in one
 * transaction that compares each changed key's mod_revision with the one read (a key read as
 * absent must still be absent), and the mod_revision of the credentials those entries belong
 * to. A conflict re-reads and re-runs the edit.
 */

const MAX_ATTEMPTS = 60;

/** An entry as read: its opened JSON text and its mod_revision. */
export interface Entry {
  json: string;
  mod: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EtcdStore {
  readonly settings: EtcdSettings;
  private client: Etcd3 | undefined;
  private key: SealKey | undefined;
  /** Reads go over the JSON gateway until the gRPC client is loaded (or the gateway is missing, or etcd auth is on). */
  private gateway: boolean;

  constructor(settings: EtcdSettings) {
    this.settings = settings;
    this.gateway = settings.auth === undefined;
  }

  /** `etcd+http://h:p,h:p/prefix`: for messages and status. */
  get url(): string {
    const scheme = this.settings.endpoints[0]?.startsWith('https:') ? 'https' : 'http';
    const hosts = this.settings.endpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',');
    return `etcd+${scheme}://${hosts}${this.settings.prefix}`;
  }

  agentPrefix(agentId: string): string {
    return `${this.settings.prefix}/agents/${enc(agentId)}/`;
  }

  get keyCheckName(): string {
    return `${this.settings.prefix}/meta/keycheck`;
  }

  /** The etcd client, created on first use. */
  async etcd(): Promise<Etcd3> {
    this.client ??= await connectEtcd(this.settings);
    return this.client;
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  /**
   * Runs one etcd call within the bound; anything else than an answer is a clear error that
   * names the endpoints.
   * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
   */
  async bounded<T>(what: string, call: (c: Etcd3) => Promise<T>): Promise<T> {
    const c = await this.etcd();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('deadline')), this.settings.timeoutMs + 250);
    });
    try {
      return await Promise.race([call(c), limit]);
    } catch (err) {
      throw backendError(this.settings, what, err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One key, or every key under a prefix, at the store's current revision: over the JSON
   * gateway while this process has no gRPC client yet (a command that only reads never loads
   * it), else over gRPC.
   * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
   */
  async readRange(key: string, prefix: boolean): Promise<RangeResult> {
    if (this.gateway && this.client === undefined) {
      try {
        return await gatewayRange(this.settings, key, prefix);
      } catch (err) {
        if (!(err instanceof NoGateway)) throw backendError(this.settings, 'a read', err);
        this.gateway = false;
      }
    }
    const res = await this.bounded('a read', (c) =>
      prefix ? c.getAll().prefix(key).exec() : c.get(key).exec(),
    );
    return {
      revision: String(res.header.revision),
      kvs: res.kvs.map((kv) => ({
        key: kv.key.toString(),
        value: kv.value.toString(),
        mod: String(kv.mod_revision),
        lease: String(kv.lease),
      })),
    };
  }

  /** The sealed key check value, or null. */
  async keyCheck(): Promise<string | null> {
    return (await this.readRange(this.keyCheckName, false)).kvs[0]?.value ?? null;
  }

  /**
   * The sealing key. Without the key file: none when nothing is stored yet (or `create`), else
   * a clear error. A key that does not open the stored check value is refused.
   * @throws STORE_KEY_MISSING, STORE_KEY_MISMATCH, STORE_KEY_INVALID
   */
  async sealKey(create: boolean): Promise<SealKey | undefined> {
    if (this.key !== undefined) return this.key;
    const file = this.settings.keyFile;
    const check = await this.keyCheck();
    let key = await readKeyFile(file);
    if (key === undefined && check !== null) {
      throw new AuthStoreError(
        'STORE_KEY_MISSING',
        `The credential store on etcd (${this.url}) is sealed, and this host has no key file ${file}.`,
        {
          path: file,
          hint: `copy the key file from a host that uses this store to ${file} (mode 0600); see docs/shared-state.md`,
        },
      );
    }
    if (key === undefined) {
      if (!create) return undefined;
      key = await createKeyFile(file);
    }
    if (check === null) {
      const sealed = sealValue(key, this.keyCheckName, 'clawdbot-auth-store');
      await this.bounded('a write', (c) =>
        c.if(this.keyCheckName, 'Create', '==', 0).then(c.put(this.keyCheckName).value(sealed)).commit(),
      );
      const now = await this.keyCheck();
      if (now !== null && openValue(key, this.keyCheckName, now) === undefined) throw this.mismatch(file);
    } else if (openValue(key, this.keyCheckName, check) === undefined) {
      throw this.mismatch(file);
    }
    this.key = key;
    return key;
  }

  private mismatch(file: string): AuthStoreError {
    return new AuthStoreError(
      'STORE_KEY_MISMATCH',
      `The key file ${file} does not open the credential store on etcd (${this.url}): it was sealed with another key.`,
      {
        path: file,
        hint: `copy the key file from a host that uses this store to ${file}; see docs/shared-state.md`,
      },
    );
  }

  /** Reads an agent's entries with their mod_revisions; `seen.revision` gets the read's revision. */
  async readEntries(
    agentId: string,
    key: SealKey | undefined,
    seen: { revision?: string } = {},
  ): Promise<Map<string, Entry>> {
    const prefix = this.agentPrefix(agentId);
    const res = await this.readRange(prefix, true);
    seen.revision = res.revision;
    const out = new Map<string, Entry>();
    for (const kv of res.kvs) {
      const name = kv.key;
      if (key === undefined) {
        throw new AuthStoreError(
          'STORE_KEY_MISSING',
          `The credential store on etcd (${this.url}) holds entries but no key check.`,
          {
            hint: 'run: clawdbot doctor',
          },
        );
      }
      const json = openValue(key, name, kv.value);
      if (json === undefined) {
        throw new AuthStoreError(
          'STORE_INVALID',
          `${name} on etcd (${this.settings.endpoints.join(', ')}) does not open with the key file ${this.settings.keyFile}.`,
          { hint: 'run: clawdbot doctor' },
        );
      }
      out.set(name.slice(prefix.length), { json, mod: kv.mod });
    }
    return out;
  }

  /** An agent's store in the file shape. */
  async load(agentId: string): Promise<LoadedFile> {
    const key = await this.sealKey(false);
    if (key === undefined) return { exists: false, raw: emptyRawStore() };
    const entries = await this.readEntries(agentId, key);
    if (entries.size === 0) return { exists: false, raw: emptyRawStore() };
    return { exists: true, raw: assemble([...entries].map(([k, e]) => [k, e.json])) };
  }

  /**
   * The compare-and-swap write of the entries `edit` changes (see the module comment).
   * @throws whatever `edit` throws, STORE_WRITE_FAILED (still conflicting after many tries),
   * STORE_BACKEND_UNAVAILABLE
   */
  async update<T>(
    agentId: string,
    edit: (raw: RawStore, exists: boolean) => T | typeof UNCHANGED,
  ): Promise<T | undefined> {
    const key = (await this.sealKey(true)) as SealKey;
    const prefix = this.agentPrefix(agentId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.readEntries(agentId, key);
      const raw = assemble([...before].map(([k, e]) => [k, e.json]));
      const result = edit(raw, before.size > 0);
      if (result === UNCHANGED) return undefined;
      const after = flatten(raw);
      const puts: [string, string][] = [];
      const dels: string[] = [];
      for (const [k, json] of after) if (before.get(k)?.json !== json) puts.push([k, json]);
      for (const k of before.keys()) if (!after.has(k)) dels.push(k);
      if (puts.length === 0 && dels.length === 0) return result;
      const committed = await this.commitChanges(prefix, key, before, [
        ...puts.map(([k, json]) => ({ key: k, json })),
        ...dels.map((k) => ({ key: k })),
      ]);
      if (committed) return result;
      await sleep(Math.random() * Math.min(100, 2 * 1.5 ** attempt));
    }
    throw new AuthStoreError(
      'STORE_WRITE_FAILED',
      `Too many concurrent writes to ${this.url}/agents/${agentId}; nothing was written.`,
      {
        hint: 'retry the command',
      },
    );
  }

  /**
   * Commits `changes` as compare-and-swap transactions: each compares the mod_revision of every
   * key it writes or deletes, and of the credential those entries belong to, with the one read.
   * Within etcd's limit of operations per transaction that is one transaction; beyond it (a
   * migration, an edit of hundreds of entries) several, in order, each carrying forward the
   * revisions the previous ones wrote. False on a conflict: the caller re-reads and re-runs its
   * edit (the edits that large are merges and clears, which converge when run again).
   */
  private async commitChanges(
    prefix: string,
    key: SealKey,
    before: Map<string, Entry>,
    changes: Change[],
  ): Promise<boolean> {
    const mods = new Map([...before].map(([k, e]) => [k, e.mod]));
    for (const txnPlan of planTxns(changes)) {
      const revision = await this.bounded('a write', async (c) => {
        const cmp = (k: string): [string, 'Mod' | 'Create', '==', string | number] => {
          const mod = mods.get(k);
          return mod === undefined ? [prefix + k, 'Create', '==', 0] : [prefix + k, 'Mod', '==', mod];
        };
        const [first, ...rest] = [...txnPlan.guards];
        const txn = c.if(...cmp(first as string));
        for (const k of rest) txn.and(...cmp(k));
        txn.then(
          ...txnPlan.changes.map((ch) =>
            ch.json === undefined
              ? c.delete().key(prefix + ch.key)
              : c.put(prefix + ch.key).value(sealValue(key, prefix + ch.key, ch.json)),
          ),
        );
        const res = await txn.commit();
        return res.succeeded ? String(res.header.revision) : undefined;
      });
      if (revision === undefined) return false;
      for (const ch of txnPlan.changes) {
        if (ch.json === undefined) mods.delete(ch.key);
        else mods.set(ch.key, revision);
      }
    }
    return true;
  }
}
