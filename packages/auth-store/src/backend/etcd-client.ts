import fs from 'node:fs';
import type { Etcd3, IOptions } from 'etcd3';
import { AuthStoreError } from '../store/errors.js';
import type { EtcdSettings } from './settings.js';

/** A client for the settings' endpoints (loaded on demand: the gRPC stack loads only with the etcd backend). */
export async function connectEtcd(s: EtcdSettings): Promise<Etcd3> {
  const { Etcd3 } = await import('etcd3');
  const { circuitBreaker, ConsecutiveBreaker, handleWhen, noop, retry } = await import('cockatiel');
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
          host: () => circuitBreaker(retryable, { halfOpenAfter: 2000, breaker: new ConsecutiveBreaker(1) }),
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
  return new Etcd3(opts);
}

/**
 * An etcd failure as the error the user sees: refused (auth), else not answering within the
 * bound; both name the endpoints and what to check.
 */
export function backendError(settings: EtcdSettings, what: string, err: unknown): AuthStoreError {
  if (err instanceof AuthStoreError) return err;
  const name = (err as Error)?.constructor?.name ?? '';
  const endpoints = settings.endpoints.join(', ');
  if (/Auth|Permission|Unauthenticated/.test(name)) {
    return new AuthStoreError('STORE_BACKEND_AUTH', `etcd at ${endpoints} refused ${what} (${name}).`, {
      hint: "check auth.store.auth (user and the password variable) and the user's role on the prefix",
    });
  }
  const secs = Math.round(settings.timeoutMs / 100) / 10;
  return new AuthStoreError(
    'STORE_BACKEND_UNAVAILABLE',
    `The credential store on etcd (${endpoints}) did not answer ${what} within ${secs} s${name && name !== 'Error' ? ` (${name})` : ''}.`,
    {
      hint: `check that etcd runs and has quorum: etcdctl --endpoints ${settings.endpoints.join(',')} endpoint health (the store is not read from local files meanwhile)`,
    },
  );
}
