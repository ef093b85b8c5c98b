import { createRequire } from 'node:module';
import path from 'node:path';

const requireBuiltin = createRequire(import.meta.url);

/**
 * redactText's `isPath` for text that names files: a `~/…` (under `homedir`) or absolute path
 * is real when it exists, or when its directory does (a file about to be made, or just moved).
 * The root directory alone proves nothing.
 * @throws never
 */
export function realPathCheck(homedir: string): (p: string) => boolean {
  const fs = requireBuiltin('node:fs') as typeof import('node:fs');
  return (p) => {
    const full = p.startsWith('~/') ? path.join(homedir, p.slice(2)) : p;
    const dir = path.dirname(full);
    return fs.existsSync(full) || (dir !== path.dirname(dir) && fs.existsSync(dir));
  };
}
