import fs from 'node:fs';
import type { Etcd3, IOptions, Lease } from 'etcd3';
import { AuthStoreError } from '../store/errors.js';
import { isPlainObject, type RawStore } from '../store/parse-store.js';
import { emptyRawStore, type LoadedFile, UNCHANGED } from '../store/store-file.js';
import { createKeyFile, openValue, readKeyFile, type SealKey, sealValue } from './seal.js';
import type { EtcdSettings } from './settings.js';

/**
 * The store on etcd. An agent's store is the keys under `<prefix>/agents/<agent>/`: one per
 * profile, usage-stats entry, order and lastGood provider, tombstone and dead mark
 * (`profiles/<id>`, `usageStats/<id>`, `order/<provider>`, `lastGood/<provider>`,
 * `clawdbot/<kind>/<id>`), anything else of the file shape as `top/<key>`. Ids are
 * URI-encoded. Every value is sealed (AES-256-GCM, the key file stays on the host).
 *
 * A write reads the agent's keys (one range, one revision), lets the same edit function the
 * file store uses change the assembled store, and commits only the keys that changed in one
 * transaction that compares each changed key's mod_revision with the one read (a key read as
 * absent must still be absent), and the mod_revision of the credentials those entries belong
 * to. A conflict re-reads and re-runs the edit.
 */

const ENTRY_MAPS = new Set(['profiles', 'usageStats', 'order', 'lastGood']);
const MAX_ATTEMPTS = 60;
const enc = encodeURIComponent;
const dec = decodeURIComponent;

interface Entry {
  json: string;
  mod: string;
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EtcdStore {
  readonly settings: EtcdSettings;
  private client: Etcd3 | undefined;
  private key: SealKey | undefined;

  constructor(settings: EtcdSettings) {
    this.settings = settings;
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

  /** The etcd client, created on first use (the gRPC stack loads only with the etcd backend). */
  async etcd(): Promise<Etcd3> {
    if (this.client !== undefined) return this.client;
    const { Etcd3 } = await import('etcd3');
    const { circuitBreaker, ConsecutiveBreaker, handleWhen, noop, retry } = await import('cockatiel');
    const s = this.settings;
    // Several members: up to three tries of a third of the bound each, each on another member,
    // so a paused or partitioned member costs one try and a cluster without quorum fails within
    // the bound. One member: one try of the whole bound.
    const many = s.endpoints.length > 1;
    const perTry = many ? Math.max(300, Math.floor(s.timeoutMs / 3)) : s.timeoutMs;
    const retryable = handleWhen(
      (err) => !/Auth|Permission|Unauthenticated/.test(err?.constructor?.name ?? ''),
    );
    const opts: IOptions = {
      hosts: s.endpoints,
      dialTimeout: perTry,
      // Streams (a held lock's lease keepalive) get a deadline too: one queued on a member that
      // died would otherwise wait for it forever and keep the process from exiting. A keepalive
      // stream that ends is reopened by the lease (on a live member) while the lock is held.
      defaultCallOptions: (c) => ({ deadline: Date.now() + (c.isStream ? s.timeoutMs : perTry) }),
      faultHandling: many
        ? {
            host: () =>
              circuitBreaker(retryable, { halfOpenAfter: 2000, breaker: new ConsecutiveBreaker(1) }),
            global: retry(retryable, { maxAttempts: 2 }),
          }
        : { host: () => noop, global: noop },
    };
    if (s.tls !== undefined) {
      const read = (p: string | undefined) => (p === undefined ? undefined : fs.readFileSync(p));
      const ca = read(s.tls.ca);
      opts.credentials = {
        rootCertificate: ca ?? Buffer.alloc(0),
        ...(s.tls.key !== undefined ? { privateKey: read(s.tls.key) as Buffer } : {}),
        ...(s.tls.cert !== undefined ? { certChain: read(s.tls.cert) as Buffer } : {}),
      };
    }
    if (s.auth !== undefined) {
      const password = process.env[s.auth.passwordEnv];
      if (password === undefined || password === '') {
        throw new AuthStoreError(
          'STORE_BACKEND_CONFIG',
          `The etcd password variable ${s.auth.passwordEnv} is not set.`,
          {
            hint: `set ${s.auth.passwordEnv} in ~/.clawdbot/.env or the environment (auth.store.auth.passwordEnv)`,
          },
        );
      }
      opts.auth = { username: s.auth.user, password };
    }
    this.client = new Etcd3(opts);
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
      throw this.wrap(what, err);
    } finally {
      clearTimeout(timer);
    }
  }

  private wrap(what: string, err: unknown): AuthStoreError {
    if (err instanceof AuthStoreError) return err;
    const name = (err as Error)?.constructor?.name ?? '';
    const endpoints = this.settings.endpoints.join(', ');
    if (/Auth|Permission|Unauthenticated/.test(name)) {
      return new AuthStoreError('STORE_BACKEND_AUTH', `etcd at ${endpoints} refused ${what} (${name}).`, {
        hint: "check auth.store.auth (user and the password variable) and the user's role on the prefix",
      });
    }
    const secs = Math.round(this.settings.timeoutMs / 100) / 10;
    return new AuthStoreError(
      'STORE_BACKEND_UNAVAILABLE',
      `The credential store on etcd (${endpoints}) did not answer ${what} within ${secs} s${name && name !== 'Error' ? ` (${name})` : ''}.`,
      {
        hint: `check that etcd runs and has quorum: etcdctl --endpoints ${this.settings.endpoints.join(',')} endpoint health (the store is not read from local files meanwhile)`,
      },
    );
  }

  /**
   * The sealing key. Without the key file: none when nothing is stored yet (or `create`), else
   * a clear error. A key that does not open the stored check value is refused.
   * @throws STORE_KEY_MISSING, STORE_KEY_MISMATCH, STORE_KEY_INVALID
   */
  async sealKey(create: boolean): Promise<SealKey | undefined> {
    if (this.key !== undefined) return this.key;
    const file = this.settings.keyFile;
    const check = await this.bounded('a read', (c) => c.get(this.keyCheckName).string());
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
      const now = await this.bounded('a read', (c) => c.get(this.keyCheckName).string());
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

  /** Reads an agent's entries with their mod_revisions. */
  private async readEntries(agentId: string, key: SealKey | undefined): Promise<Map<string, Entry>> {
    const prefix = this.agentPrefix(agentId);
    const res = await this.bounded('a read', (c) => c.getAll().prefix(prefix).exec());
    const out = new Map<string, Entry>();
    for (const kv of res.kvs) {
      const name = kv.key.toString();
      if (key === undefined) {
        throw new AuthStoreError(
          'STORE_KEY_MISSING',
          `The credential store on etcd (${this.url}) holds entries but no key check.`,
          {
            hint: 'run: clawdbot doctor',
          },
        );
      }
      const json = openValue(key, name, kv.value.toString());
      if (json === undefined) {
        throw new AuthStoreError(
          'STORE_INVALID',
          `${name} on etcd (${this.settings.endpoints.join(', ')}) does not open with the key file ${this.settings.keyFile}.`,
          { hint: 'run: clawdbot doctor' },
        );
      }
      out.set(name.slice(prefix.length), { json, mod: String(kv.mod_revision) });
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
      const guarded = new Set<string>([...puts.map(([k]) => k), ...dels]);
      for (const k of [...guarded]) {
        const p = profileOf(k);
        if (p !== undefined) guarded.add(p);
      }
      const committed = await this.bounded('a write', async (c) => {
        const [first, ...rest] = [...guarded];
        const cmp = (k: string): [string, 'Mod' | 'Create', '==', string | number] => {
          const e = before.get(k);
          return e === undefined ? [prefix + k, 'Create', '==', 0] : [prefix + k, 'Mod', '==', e.mod];
        };
        const txn = c.if(...cmp(first as string));
        for (const k of rest) txn.and(...cmp(k));
        txn.then(
          ...puts.map(([k, json]) => c.put(prefix + k).value(sealValue(key, prefix + k, json))),
          ...dels.map((k) => c.delete().key(prefix + k)),
        );
        return (await txn.commit()).succeeded;
      });
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
   * Takes the lease-held lock `<prefix>/locks/<name>`: the lease (TTL `ttlMs`, above the HTTP
   * deadline of what the lock guards) is kept alive while held and revoked on release; a holder
   * that dies or is cut off loses it when the TTL runs out. Polls until `deadline`;
   * `whileWaiting` returning true stops waiting (what the holder made is already there).
   * @throws STORE_LOCK_FAILED (deadline), STORE_BACKEND_UNAVAILABLE
   */
  async lock(
    name: string,
    opts: { ttlMs: number; deadline: number; whileWaiting?: () => Promise<boolean> },
  ): Promise<{ release(): Promise<void> } | null> {
    const key = `${this.settings.prefix}/locks/${enc(name)}`;
    const ttl = Math.max(2, Math.ceil(opts.ttlMs / 1000));
    for (let attempt = 0; ; attempt++) {
      // Our own lease lock (not etcd3's Lock): its lease has no keepalive stream of its own, so
      // nothing is left running after a release, even when a member died mid-call; the holder
      // renews the lease itself (an unref'd timer: it never keeps the process alive).
      let lease: Lease | undefined;
      const acquired = await this.bounded('a lock', async (c) => {
        lease = c.lease(ttl, { autoKeepAlive: false });
        const id = await lease.grant();
        const res = await c.if(key, 'Create', '==', 0).then(c.put(key).value('').lease(id)).commit();
        return res.succeeded;
      }).catch((err: unknown) => {
        lease?.revoke().catch(() => undefined);
        throw err;
      });
      const mine = lease as Lease;
      if (acquired) {
        const renew = setInterval(() => mine.keepaliveOnce().catch(() => undefined), (ttl * 1000) / 3);
        renew.unref();
        return {
          release: async () => {
            clearInterval(renew);
            await this.bounded('a release', () => mine.revoke()).catch(() => undefined);
          },
        };
      }
      mine.revoke().catch(() => undefined);
      if (Date.now() > opts.deadline) {
        throw new AuthStoreError('STORE_LOCK_FAILED', `Another host still holds ${key} on ${this.url}.`, {
          hint: 'wait for the other host to finish, then retry',
        });
      }
      if (opts.whileWaiting !== undefined && (await opts.whileWaiting())) return null;
      await sleep(50 + Math.random() * Math.min(250, 50 * attempt));
    }
  }

  /**
   * The cluster as the member that answers sees it: leader (name, else id), member count, version.
   * @throws STORE_BACKEND_UNAVAILABLE, STORE_BACKEND_AUTH
   */
  async cluster(): Promise<{ leader?: string; members: number; version: string }> {
    const status = await this.bounded('a status request', (c) => c.maintenance.status());
    const list = await this.bounded('a member list', (c) => c.cluster.memberList({}));
    const leader = list.members.find((m) => m.ID === status.leader);
    const out: { leader?: string; members: number; version: string } = {
      members: list.members.length,
      version: status.version,
    };
    if (status.leader !== '0') out.leader = leader?.name || status.leader;
    return out;
  }

  /** Profiles per agent, counted from the key names (no key file needed). */
  async profileCounts(): Promise<Map<string, number>> {
    const p = `${this.settings.prefix}/agents/`;
    const keys = await this.bounded('a read', (c) => c.getAll().prefix(p).keys());
    const out = new Map<string, number>();
    for (const k of keys) {
      const [agent = '', kind] = k.slice(p.length).split('/');
      if (agent === '') continue;
      const id = dec(agent);
      out.set(id, (out.get(id) ?? 0) + (kind === 'profiles' ? 1 : 0));
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Whether anything was sealed here yet (the key check exists). */
  async sealed(): Promise<boolean> {
    return (await this.bounded('a read', (c) => c.get(this.keyCheckName).string())) !== null;
  }

  /**
   * Whether this host's key file opens the store: undefined when there is no key file or
   * nothing is sealed yet.
   * @throws STORE_KEY_INVALID, STORE_BACKEND_UNAVAILABLE
   */
  async keyMatches(): Promise<boolean | undefined> {
    const key = await readKeyFile(this.settings.keyFile);
    const check = await this.bounded('a read', (c) => c.get(this.keyCheckName).string());
    if (key === undefined || check === null) return undefined;
    return openValue(key, this.keyCheckName, check) !== undefined;
  }

  /**
   * Moves an agent's entries to one sealed value `<prefix>/archive/<stamp>/agents/<agent>` (the
   * store in the file shape) and deletes them, in one transaction that fails when any entry is
   * no longer what `expected` holds (changed since it was copied). Returns the archive key.
   * @throws STORE_WRITE_FAILED (changed meanwhile), STORE_KEY_*, STORE_BACKEND_UNAVAILABLE
   */
  async archiveAgent(agentId: string, expected: Map<string, string>, stamp: number): Promise<string> {
    const key = (await this.sealKey(false)) as SealKey;
    const prefix = this.agentPrefix(agentId);
    const entries = await this.readEntries(agentId, key);
    const same = entries.size === expected.size && [...entries].every(([k, e]) => expected.get(k) === e.json);
    const changed = () =>
      new AuthStoreError(
        'STORE_WRITE_FAILED',
        `${this.url}/agents/${agentId} changed while it was being migrated; it was left in place.`,
        { hint: 'run the migration again' },
      );
    if (!same) throw changed();
    const target = `${this.settings.prefix}/archive/${stamp}/agents/${enc(agentId)}`;
    const raw = assemble([...entries].map(([k, e]) => [k, e.json]));
    const ok = await this.bounded('a write', async (c) => {
      const [first, ...rest] = [...entries];
      if (first === undefined) return true;
      const txn = c.if(prefix + first[0], 'Mod', '==', first[1].mod);
      for (const [k, e] of rest) txn.and(prefix + k, 'Mod', '==', e.mod);
      txn.then(
        c.put(target).value(sealValue(key, target, JSON.stringify(raw))),
        ...[...entries.keys()].map((k) => c.delete().key(prefix + k)),
      );
      return (await txn.commit()).succeeded;
    });
    if (!ok) throw changed();
    return target;
  }

  /** Agent ids with at least one entry. */
  async agents(): Promise<string[]> {
    const p = `${this.settings.prefix}/agents/`;
    const keys = await this.bounded('a read', (c) => c.getAll().prefix(p).keys());
    return [...new Set(keys.map((k) => dec(k.slice(p.length).split('/')[0] ?? '')))]
      .filter((a) => a !== '')
      .sort();
  }
}
