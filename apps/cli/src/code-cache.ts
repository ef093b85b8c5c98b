/**
 * Loads the start-up bundle (dist/main.bundle.cjs) with a V8 code cache made AFTER a command
 * ran, so it holds every function that command compiled. Node's own compile cache
 * (`module.enableCompileCache`) is written right after a module is compiled, before it runs:
 * it holds the top level only, and every function of `models status` was compiled again on
 * each start (about a fifth of its time; see docs/development.md, "Start-up").
 *
 * One cache file per hot command (their functions differ) and per node binary and build of
 * the bundle, written once, atomically, 0600, only into a directory of the user's own: next to
 * the bundle when the user may write there (a checkout, a user-owned install), else
 * `$XDG_CACHE_HOME/clawdbot-auth` (default `~/.cache/clawdbot-auth`, 0700). Only a file of this
 * user that nobody else may write is read. A file V8 rejects (another node, other V8 flags,
 * damaged) is rewritten; any failure only means no cache.
 * `CLAWDBOT_NO_CODE_CACHE=1` (or node's `NODE_DISABLE_COMPILE_CACHE=1`) turns it off.
 */
// Named imports only: this file is required before anything else, as CommonJS, and a default
// import of a built-in costs esbuild's interop a copy of its whole export list.
import { isAscii } from 'node:buffer';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { FAST_COMMAND_IDS } from './fast-commands.js';

/** The commands that get a cache of their own (the fast ones); any other command line shares `other`. */
const KEYS: readonly (readonly string[])[] = FAST_COMMAND_IDS.map((id) => id.split(':'));

/** Which cache a command line uses: the hot command it names, else `other`. */
export function cacheKey(argv: readonly string[]): string {
  for (const words of KEYS) {
    for (let i = 0; i + words.length <= argv.length; i++) {
      if (words.every((w, j) => argv[i + j] === w)) return words.join('-');
    }
  }
  return 'other';
}

export interface Startup<T> {
  exports: T;
  /** Where the cache was read from, or undefined when none was used. */
  cacheUsed: string | undefined;
  /**
   * Call after the command ran, with whether it succeeded (exit 0). Writes the cache when none
   * was used, and replaces one written after a failure once a run succeeds: a first run that
   * stopped early (a usage error, a corrupt file) compiled little of the command's usual path.
   * Never throws.
   */
  save(succeeded?: boolean): void;
}

interface Options {
  /** the cache's name: cacheKey(argv) */
  key: string;
  env?: NodeJS.ProcessEnv;
  homedir?: () => string;
}

/** Small, stable, not for security: tells V8 flag sets apart in a file name. */
function shortHash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/** The cache directories in the order they are tried: beside the bundle, then the user's. */
export function cacheDirs(bundle: string, env: NodeJS.ProcessEnv, homedir: () => string): string[] {
  const dirs = [join(dirname(bundle), '.code-cache')];
  const xdg = env.XDG_CACHE_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  dirs.push(join(base, 'clawdbot-auth', 'code-cache'));
  return dirs;
}

/** Loads `bundle` (a CommonJS file) as node would, through a code cache when there is one. */
export function loadWithCodeCache<T>(bundle: string, opts: Options): Startup<T> {
  const env = opts.env ?? process.env;
  const off = Boolean(env.CLAWDBOT_NO_CODE_CACHE || env.NODE_DISABLE_COMPILE_CACHE);
  // Off, or source maps asked for (`--enable-source-maps`, which node applies to the modules it
  // loads itself, not to a vm.Script): node's own loader, readable stacks, no cache.
  if (off || process.sourceMapsEnabled) {
    return { exports: createRequire(bundle)(bundle) as T, cacheUsed: undefined, save() {} };
  }
  const bytes = readFileSync(bundle);
  // esbuild writes ASCII (it escapes the rest): read as Latin-1, which skips UTF-8 decoding
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // A rebuilt bundle gets new files: V8 checks only the source's length, not its bytes.
  const st = statSync(bundle);
  const build = `${st.size.toString(36)}.${Math.trunc(st.mtimeMs).toString(36)}.${st.ino.toString(36)}`;
  const flags = shortHash(`${process.execArgv.join(' ')}\0${env.NODE_OPTIONS ?? ''}`);
  const base = `${opts.key}-${process.version}-${process.arch}-${build}-${flags}`;
  // written after a run that succeeded, else after one that failed (used until one succeeds)
  const full = `${base}.v8`;
  const partial = `${base}.partial.v8`;
  const dirs = cacheDirs(bundle, env, opts.homedir ?? (() => env.HOME ?? ''));
  let cachedData: Buffer | undefined;
  let cacheUsed: string | undefined;
  search: for (const name of [full, partial]) {
    for (const dir of dirs) {
      try {
        if (!ownedByUs(join(dir, name))) continue;
        cachedData = readFileSync(join(dir, name));
        cacheUsed = join(dir, name);
        break search;
      } catch {
        // not there: try the next place
      }
    }
  }
  const script = new Script(wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  if (script.cachedDataRejected) cacheUsed = undefined;
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const usedFull = cacheUsed?.endsWith(full) === true;
  let saved = false;
  return {
    exports: module.exports,
    cacheUsed,
    save(succeeded = true) {
      if (saved || usedFull || (cacheUsed !== undefined && !succeeded)) return;
      saved = true;
      let data: Buffer;
      try {
        data = script.createCachedData();
      } catch {
        return;
      }
      const name = succeeded ? full : partial;
      for (const dir of dirs) if (writeCache(dir, name, opts.key, data)) return;
    },
  };
}

/**
 * A cache file is compiled code this process will run: only a regular file of this user that
 * nobody else may write is used (not a link, not another user's file, not group- or
 * world-writable); anything else is passed over and replaced by the next save.
 * @throws when there is no such file
 */
function ownedByUs(file: string): boolean {
  const st = lstatSync(file);
  const uid = process.getuid?.();
  return st.isFile() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/** Writes one cache file atomically (0600, in a 0700 directory); false when `dir` is not ours. */
function writeCache(dir: string, name: string, key: string, data: Buffer): boolean {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, join(dir, name));
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // `dir` is not a directory: nothing was written
    }
    return false;
  }
  // files of this command, node and platform for another build (and the file a failed run
  // wrote, once a run succeeded): never read again. Another node's files stay: two nodes taking
  // turns would otherwise delete each other's every time.
  try {
    for (const f of readdirSync(dir)) {
      if (f !== name && f.startsWith(`${key}-${process.version}-${process.arch}-`) && f.endsWith('.v8'))
        rmSync(join(dir, f), { force: true });
    }
  } catch {
    // best effort
  }
  return true;
}
