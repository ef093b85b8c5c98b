import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const requireBuiltin = createRequire(import.meta.url);

/**
 * node:crypto, loaded on first use rather than at import: it costs ~2 MB and a few ms of
 * start-up to every command that loads it. For logins, keys and ciphers.
 * @throws never
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return requireBuiltin('node:crypto') as typeof import('node:crypto');
}

/**
 * The hex SHA-256 of a string's UTF-8 bytes (fingerprints, lock and cache keys): the same
 * digest as node:crypto's, without loading node:crypto, which reading commands such as
 * `models status` then never need.
 * @throws never
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
