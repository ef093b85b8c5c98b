import { type EtcdCluster, etcdTestsEnabled, startEtcd } from './etcd.js';

/** The store backends a parameterised invariant suite runs on. */
export type StoreBackendKind = 'file' | 'etcd';

/** `['file', 'etcd']` where etcd tests run (installed, or under CI where it must be), else `['file']`. */
export function storeBackendKinds(): StoreBackendKind[] {
  return etcdTestsEnabled() ? ['file', 'etcd'] : ['file'];
}

let shared: Promise<EtcdCluster> | undefined;
let prefixes = 0;

/** One etcd per test file (per worker process), started on first use. */
export function sharedEtcd(): Promise<EtcdCluster> {
  if (shared === undefined) shared = startEtcd();
  return shared;
}

/** Stops the shared etcd; a test file that used it calls this in `afterAll`. */
export async function closeSharedEtcd(): Promise<void> {
  const cluster = await shared?.catch(() => undefined);
  shared = undefined;
  await cluster?.close();
}

/** A CLAWDBOT_AUTH_STORE value with a prefix of its own on the shared etcd (an empty store). */
export async function freshStoreUrl(name = 't'): Promise<string> {
  return (await sharedEtcd()).storeUrl(`/${name}${process.pid}-${++prefixes}`);
}
