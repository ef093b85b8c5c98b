import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Why a resolver command or secrets file cannot be trusted, or undefined. A command must be
 * an absolute path to a regular file (not a symlink) that only its owner, the current user,
 * can write: anyone who can replace it can read every secret it serves. Not checked on
 * Windows, where POSIX modes say nothing.
 */
export async function untrustedPath(
  file: string,
  opts: { kind: 'command' | 'file'; trustedDirs?: readonly string[] },
): Promise<string | undefined> {
  if (!path.isAbsolute(file)) return `${opts.kind} must be an absolute path`;
  if (opts.trustedDirs && opts.trustedDirs.length > 0) {
    const inside = opts.trustedDirs.some((dir) => !path.relative(path.resolve(dir), file).startsWith('..'));
    if (!inside) return `${opts.kind} is outside trustedDirs`;
  }
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = opts.kind === 'command' ? await lstat(file) : await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${opts.kind} ${file} does not exist`
      : `${opts.kind} ${file} cannot be read (${code})`;
  }
  if (st.isSymbolicLink()) return `command ${file} is a symlink (configure the real path)`;
  if (!st.isFile()) return `${opts.kind} ${file} is not a regular file`;
  if (process.platform === 'win32') return undefined;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    return `${opts.kind} ${file} is not owned by the current user`;
  }
  if ((st.mode & 0o022) !== 0) return `${opts.kind} ${file} is writable by group or others (chmod go-w)`;
  return undefined;
}
