import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureDir, writeNewFile } from '@clawdbot-auth/fs-safe';
import { AuthStoreError, safeCause } from '../store/errors.js';

/**
 * Values kept outside this host (etcd) are sealed with AES-256-GCM. The key is 32 random bytes
 * in a file (base64, 0600) that never goes into etcd; every host sharing the store needs a
 * copy. The etcd key name is the additional data, so a value moved to another key fails to
 * open instead of being read as the wrong entry.
 */
const VERSION = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SealKey = Buffer;

export function sealValue(key: SealKey, name: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(name));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

/** The plaintext, or undefined when the value was not sealed with this key for this name. */
export function openValue(key: SealKey, name: string, sealed: string): string | undefined {
  if (!sealed.startsWith(VERSION)) return undefined;
  const buf = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (buf.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

/**
 * Reads the key file; undefined when it does not exist.
 * @throws STORE_KEY_INVALID (not 32 bytes of base64), STORE_READ_FAILED
 */
export async function readKeyFile(file: string): Promise<SealKey | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuthStoreError('STORE_READ_FAILED', `Cannot read the store key file ${file}.`, {
      path: file,
      hint: `check the permissions of ${file}`,
      cause: safeCause(err),
    });
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new AuthStoreError('STORE_KEY_INVALID', `The store key file ${file} does not hold a 32-byte key.`, {
      path: file,
      hint: `copy ${path.basename(file)} again from a host that reads the store, or see docs/shared-state.md`,
    });
  }
  return key;
}

/**
 * Creates the key file (0600, dir 0700) with a new random key unless it exists; returns the
 * key in the file (another process may have created it first).
 * @throws STORE_WRITE_FAILED, STORE_KEY_INVALID
 */
export async function createKeyFile(file: string): Promise<SealKey> {
  try {
    ensureDir(path.dirname(file));
    writeNewFile(file, Buffer.from(`${randomBytes(32).toString('base64')}\n`));
  } catch (err) {
    throw new AuthStoreError('STORE_WRITE_FAILED', `Cannot create the store key file ${file}.`, {
      path: file,
      hint: `check that ${path.dirname(file)} is writable`,
      cause: safeCause(err),
    });
  }
  const key = await readKeyFile(file);
  if (key === undefined)
    throw new AuthStoreError('STORE_WRITE_FAILED', `Cannot create ${file}.`, { path: file });
  return key;
}
