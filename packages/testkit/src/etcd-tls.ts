import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

/** Certificates for an etcd on 127.0.0.1 that requires client certificates (all PEM files). */
export interface EtcdTls {
  ca: string;
  serverCert: string;
  serverKey: string;
  /** What a client presents: `auth.store.tls = { ca, cert: clientCert, key: clientKey }`. */
  clientCert: string;
  clientKey: string;
}

/** A test CA, and a server (SAN 127.0.0.1) and a client certificate it signed, made with openssl in `dir`. */
export function makeEtcdTls(dir: string): EtcdTls {
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  const leaf = (name: string, ext: string) => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
    );
    fs.writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
      '-out',
      f(`${name}.pem`),
    );
  };
  leaf('server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  leaf('client', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}

/** The etcd flags that serve clients over TLS and require a client certificate. */
export function etcdTlsArgs(tls: EtcdTls): string[] {
  return [
    `--cert-file=${tls.serverCert}`,
    `--key-file=${tls.serverKey}`,
    `--trusted-ca-file=${tls.ca}`,
    '--client-cert-auth',
  ];
}

/** GET `<url>/health` with the client certificate; true when etcd says it is healthy. */
export function healthyTls(url: string, tls: EtcdTls): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(
      `${url}/health`,
      {
        ca: fs.readFileSync(tls.ca),
        cert: fs.readFileSync(tls.clientCert),
        key: fs.readFileSync(tls.clientKey),
        timeout: 1000,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve(body.includes('"health":"true"')));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
