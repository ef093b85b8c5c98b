import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

/**
 * node:crypto, loaded on first use rather than at import: it costs ~2 MB and a few ms of
 * start-up to every command, and `models status` with no credential never hashes.
 * @throws never
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return requireBuiltin('node:crypto') as typeof import('node:crypto');
}
