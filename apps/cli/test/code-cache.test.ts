import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cacheKey } from '../src/code-cache.js';
import { BIN, cli, home, requireBuilt } from './helpers.js';

requireBuilt('code-cache.cjs');
const LOADER = path.join(path.dirname(BIN), '../dist/code-cache.cjs');

/**
 * Loads `bundle` the way bin/run.cjs does, in a process of its own (a fresh V8: within one
 * process V8 reuses what it compiled and never looks at a cache file), then saves the cache.
 */
function loadWithCodeCache<T>(
  bundle: string,
  opts: { key: string; env: NodeJS.ProcessEnv },
): { exports: T; cacheUsed: string | undefined; save(succeeded?: boolean): void } {
  const script = `
    const { loadWithCodeCache } = require(${JSON.stringify(LOADER)});
    const s = loadWithCodeCache(${JSON.stringify(bundle)}, { key: ${JSON.stringify(opts.key)} });
    const out = { exports: { ...s.exports, greeting: s.exports.greet?.('you') }, cacheUsed: s.cacheUsed };
    if (process.env.SAVE) s.save(process.env.SAVE === 'ok');
    process.stdout.write(JSON.stringify(out));`;
  const run = (save?: 'ok' | 'failed') => {
    const r = spawnSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, ...opts.env, ...(save ? { SAVE: save } : {}) },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { exports: T; cacheUsed?: string };
  };
  const first = run();
  return {
    exports: first.exports,
    cacheUsed: first.cacheUsed,
    save: (succeeded = true) => void run(succeeded ? 'ok' : 'failed'),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A directory with a CommonJS "bundle" exporting `answer` and a function that builds a string. */
function bundleDir(answer: string): { dir: string; bundle: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  dirs.push(dir);
  const bundle = path.join(dir, 'main.bundle.cjs');
  writeBundle(bundle, answer);
  return { dir, bundle, env: { HOME: path.join(dir, 'home') } };
}

function writeBundle(bundle: string, answer: string): void {
  fs.writeFileSync(
    bundle,
    `'use strict';\nexports.answer = ${JSON.stringify(answer)};\n` +
      'exports.greet = function greet(name) { return ["hello", name].join(" "); };\n' +
      'exports.file = __filename;\n',
  );
}

const cacheFiles = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8')) : [];

describe('code cache of the start-up bundle', () => {
  test('each hot command has a cache of its own; every other command line shares one', () => {
    expect(cacheKey(['models', 'status', '--json'])).toBe('models-status');
    expect(cacheKey(['--profile', 'work', 'models', 'status'])).toBe('models-status');
    expect(cacheKey(['models', 'auth', 'order', 'get', '--provider', 'anthropic'])).toBe(
      'models-auth-order-get',
    );
    expect(cacheKey(['doctor', '--yes'])).toBe('doctor');
    expect(cacheKey(['models', 'auth', 'order', 'set', 'a', 'b'])).toBe('other');
    expect(cacheKey(['--version'])).toBe('other');
  });

  test('the first run writes the cache (0600, beside the bundle) after the command; the next run uses it', () => {
    const { dir, bundle, env } = bundleDir('first');
    const one = loadWithCodeCache<{ answer: string; greeting: string; file: string }>(bundle, {
      key: 'models-status',
      env,
    });
    expect(one.exports.answer).toBe('first');
    expect(one.exports.greeting).toBe('hello you');
    expect(one.exports.file).toBe(bundle);
    expect(one.cacheUsed).toBeUndefined();
    expect(cacheFiles(path.join(dir, '.code-cache'))).toEqual([]);
    one.save();
    const [file] = cacheFiles(path.join(dir, '.code-cache'));
    expect(file).toMatch(/^models-status-v\d+/);
    const full = path.join(dir, '.code-cache', file!);
    expect(fs.statSync(full).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(full)).mode & 0o777).toBe(0o700);

    const two = loadWithCodeCache<{ answer: string; greeting: string }>(bundle, {
      key: 'models-status',
      env,
    });
    expect(two.cacheUsed).toBe(full);
    expect(two.exports.greeting).toBe('hello you');
    // another command does not take this command's cache
    expect(loadWithCodeCache(bundle, { key: 'doctor', env }).cacheUsed).toBeUndefined();
  });

  test('a cache written after a failed run is used, and replaced once after a run that succeeded', () => {
    const { dir, bundle, env } = bundleDir('ok');
    const cacheDir = path.join(dir, '.code-cache');
    loadWithCodeCache(bundle, { key: 'models-status', env }).save(false);
    const [partial] = cacheFiles(cacheDir);
    expect(partial).toMatch(/\.partial\.v8$/);
    // another failed run uses it and leaves it as it is
    const failed = loadWithCodeCache(bundle, { key: 'models-status', env });
    expect(failed.cacheUsed).toBe(path.join(cacheDir, partial!));
    failed.save(false);
    expect(cacheFiles(cacheDir)).toEqual([partial]);
    // a run that succeeds writes the full cache, and the partial one goes
    loadWithCodeCache(bundle, { key: 'models-status', env }).save(true);
    const [full] = cacheFiles(cacheDir);
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    expect(full).not.toMatch(/partial/);
    const later = loadWithCodeCache(bundle, { key: 'models-status', env });
    expect(later.cacheUsed).toBe(path.join(cacheDir, full!));
    later.save(false); // a failure after that changes nothing
    expect(cacheFiles(cacheDir)).toEqual([full]);
  });

  test('a rebuilt bundle of the same length never runs the old code from the cache', () => {
    const { bundle, env } = bundleDir('AAAA');
    loadWithCodeCache(bundle, { key: 'other', env }).save();
    writeBundle(bundle, 'BBBB'); // same length: V8 itself would accept the old cache
    fs.utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const again = loadWithCodeCache<{ answer: string }>(bundle, { key: 'other', env });
    expect(again.exports.answer).toBe('BBBB');
    expect(again.cacheUsed).toBeUndefined();
    // another node's cache of this command (a second node on the machine) must survive
    const otherNode = path.join(path.dirname(bundle), '.code-cache', 'other-v0.0.1-x64-1.2.3-abc.v8');
    fs.writeFileSync(otherNode, 'another node');
    again.save();
    // the old build's file is gone, the new one is there, the other node's stays
    expect(cacheFiles(path.join(path.dirname(bundle), '.code-cache'))).toHaveLength(2);
    expect(fs.existsSync(otherNode)).toBe(true);
  });

  test('a damaged cache file is refused by V8 and rewritten; the command runs as usual', () => {
    const { dir, bundle, env } = bundleDir('ok');
    loadWithCodeCache(bundle, { key: 'other', env }).save();
    const [file] = cacheFiles(path.join(dir, '.code-cache'));
    const full = path.join(dir, '.code-cache', file!);
    fs.writeFileSync(full, Buffer.alloc(4096, 7));
    const loaded = loadWithCodeCache<{ answer: string }>(bundle, { key: 'other', env });
    expect(loaded.exports.answer).toBe('ok');
    expect(loaded.cacheUsed).toBeUndefined();
    loaded.save();
    expect(fs.readFileSync(full).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(loadWithCodeCache(bundle, { key: 'other', env }).cacheUsed).toBe(full);
  });

  test('compiled code only from a file of ours that nobody else may write: not group-writable, not a link', () => {
    const { dir, bundle, env } = bundleDir('ok');
    loadWithCodeCache(bundle, { key: 'other', env }).save();
    const [file] = cacheFiles(path.join(dir, '.code-cache'));
    const full = path.join(dir, '.code-cache', file!);
    expect(loadWithCodeCache(bundle, { key: 'other', env }).cacheUsed).toBe(full);
    fs.chmodSync(full, 0o620);
    expect(loadWithCodeCache(bundle, { key: 'other', env }).cacheUsed).toBeUndefined();
    fs.chmodSync(full, 0o600);
    const elsewhere = path.join(dir, 'planted.v8');
    fs.renameSync(full, elsewhere);
    fs.symlinkSync(elsewhere, full);
    const linked = loadWithCodeCache<{ answer: string }>(bundle, { key: 'other', env });
    expect(linked.cacheUsed).toBeUndefined();
    expect(linked.exports.answer).toBe('ok');
  });

  test('where the bundle directory is not ours the cache goes to $XDG_CACHE_HOME/clawdbot-auth', () => {
    const { dir, bundle, env } = bundleDir('ok');
    fs.writeFileSync(path.join(dir, '.code-cache'), 'not a directory'); // mkdir there fails
    const xdg = path.join(dir, 'xdg');
    const first = loadWithCodeCache(bundle, { key: 'other', env: { ...env, XDG_CACHE_HOME: xdg } });
    first.save();
    expect(fs.readFileSync(path.join(dir, '.code-cache'), 'utf8')).toBe('not a directory');
    expect(cacheFiles(path.join(xdg, 'clawdbot-auth', 'code-cache'))).toHaveLength(1);
    const second = loadWithCodeCache(bundle, { key: 'other', env: { ...env, XDG_CACHE_HOME: xdg } });
    expect(second.cacheUsed).toContain(path.join(xdg, 'clawdbot-auth', 'code-cache'));
  });

  test('CLAWDBOT_NO_CODE_CACHE=1 and NODE_DISABLE_COMPILE_CACHE=1 write and read nothing', () => {
    for (const off of ['CLAWDBOT_NO_CODE_CACHE', 'NODE_DISABLE_COMPILE_CACHE']) {
      const { dir, bundle, env } = bundleDir('off');
      const loaded = loadWithCodeCache<{ answer: string }>(bundle, {
        key: 'other',
        env: { ...env, [off]: '1' },
      });
      loaded.save();
      expect(loaded.exports.answer).toBe('off');
      expect(fs.existsSync(path.join(dir, '.code-cache'))).toBe(false);
    }
  });

  test('with --enable-source-maps node loads the bundle itself: a --debug stack names the source files', async () => {
    const h = home();
    h.write('.clawdbot/agents/main/agent/auth-profiles.json', '{not json');
    const plain = await cli(h, ['models', 'status', '--debug']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('main.bundle.cjs:');
    const mapped = await cli(h, ['models', 'status', '--debug'], {
      env: { NODE_OPTIONS: '--enable-source-maps' },
    });
    expect(mapped.code).toBe(1);
    expect(mapped.stderr).toMatch(/at \w+ \(.*packages\/auth-store\/src\/store\/[\w-]+\.ts:\d+:\d+\)/);
  });

  test('the CLI answers the same with and without its cache, and a damaged cache changes nothing', async () => {
    const h = home();
    const cacheDir = path.join(path.dirname(BIN), '../dist/.code-cache');
    const plain = await cli(h, ['models', 'status', '--json'], { env: { CLAWDBOT_NO_CODE_CACHE: '1' } });
    const cached = await cli(h, ['models', 'status', '--json']);
    for (const f of cacheFiles(cacheDir).filter((f) => f.startsWith('models-status-')))
      fs.writeFileSync(path.join(cacheDir, f), 'garbage');
    const damaged = await cli(h, ['models', 'status', '--json']);
    const strip = (s: string) => s.replace(/"(now|checkedAt|generatedAt)": *\d+/g, '');
    expect(cached.code).toBe(plain.code);
    expect(strip(cached.stdout)).toBe(strip(plain.stdout));
    expect(damaged.code).toBe(plain.code);
    expect(strip(damaged.stdout)).toBe(strip(plain.stdout));
    expect(cacheFiles(cacheDir).some((f) => f.startsWith('models-status-'))).toBe(true);
  });
});
