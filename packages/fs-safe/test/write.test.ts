import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  acquireLock,
  clearLock,
  FsSafeError,
  inspectLock,
  keepCorruptCopy,
  listCorruptCopies,
  lockPathFor,
  updateFile,
  withFileLock,
  writeFileAtomic,
} from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    fs.chmodSync(d, 0o700);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-safe-'));
  dirs.push(d);
  return d;
}

async function failure(p: Promise<unknown>): Promise<FsSafeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FsSafeError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

const isRoot = process.getuid?.() === 0;

describe('symlink policy: follow the link, replace the target atomically', () => {
  test('a linked file is replaced where it lives; the link stays a link', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'real', 'state.json');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'old\n', { mode: 0o600 });
    const link = path.join(dir, 'state.json');
    fs.symlinkSync(path.relative(dir, real), link);
    await updateFile(link, (cur) => ({ write: `${cur?.toString().trim()}+new\n`, result: undefined }));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('old+new\n');
    expect(lockPathFor(link)).toBe(`${real}.lock`);
    // no temp file or lock left beside either path
    expect(fs.readdirSync(path.dirname(real))).toEqual(['state.json']);
    expect(fs.readdirSync(dir).sort()).toEqual(['real', 'state.json']);
  });

  test('a chain of links is followed to the end; a link loop is a clear error', () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.json');
    fs.writeFileSync(real, '1');
    fs.symlinkSync(real, path.join(dir, 'mid.json'));
    fs.symlinkSync(path.join(dir, 'mid.json'), path.join(dir, 'top.json'));
    writeFileAtomic(path.join(dir, 'top.json'), '2');
    expect(fs.readFileSync(real, 'utf8')).toBe('2');
    expect(fs.lstatSync(path.join(dir, 'mid.json')).isSymbolicLink()).toBe(true);
    fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    expect(() => writeFileAtomic(path.join(dir, 'loop-a'), 'x')).toThrow(/too many levels of symbolic links/);
  });
});

describe('one corrupt-copy rule', () => {
  test('a copy <file>.corrupt-<ms>, 0600, once per distinct content; the original untouched', () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, '{ broken', { mode: 0o644 });
    const first = keepCorruptCopy(file, fs.readFileSync(file), 1_700_000_000_000);
    expect(first).toBe(`${file}.corrupt-1700000000000`);
    expect(fs.statSync(first as string).mode & 0o777).toBe(0o600);
    expect(keepCorruptCopy(file, fs.readFileSync(file), 1_700_000_000_500)).toBe(first);
    fs.writeFileSync(file, '{ broken differently');
    keepCorruptCopy(file, fs.readFileSync(file), 1_700_000_000_000);
    expect(listCorruptCopies(file)).toEqual([first, `${file}.corrupt-1700000000001`]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ broken differently');
  });
});

describe('compare-and-swap', () => {
  test('a change that lands between the read and the rename is kept: the edit runs again on it', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, 'a\n');
    const seen: string[] = [];
    await updateFile(file, (cur) => {
      const text = cur?.toString() ?? '';
      seen.push(text);
      // a writer that ignores the lock gets in on the first round only
      if (seen.length === 1) fs.writeFileSync(file, `${text}b\n`);
      return { write: `${text}c\n`, result: undefined };
    });
    expect(seen).toEqual(['a\n', 'a\nb\n']);
    expect(fs.readFileSync(file, 'utf8')).toBe('a\nb\nc\n');
  });

  test('a file created meanwhile is not replaced by a write that expected none', async () => {
    const file = path.join(tempDir(), 'state.json');
    let rounds = 0;
    await updateFile(file, (cur) => {
      rounds++;
      if (cur === undefined) fs.writeFileSync(file, 'theirs\n');
      return { write: `${cur?.toString() ?? ''}ours\n`, result: undefined };
    });
    expect(rounds).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs\nours\n');
  });

  test('a writer that keeps losing gives up with WRITE_CONFLICT and leaves the other version', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, '0');
    const err = await failure(
      updateFile(
        file,
        (cur) => {
          fs.writeFileSync(file, String(Number(cur?.toString()) + 1));
          return { write: 'mine', result: undefined };
        },
        { attempts: 3 },
      ),
    );
    expect(err.code).toBe('WRITE_CONFLICT');
    expect(fs.readFileSync(file, 'utf8')).toBe('3');
  });

  test('an edit that writes nothing leaves the file and its mtime alone', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, 'same');
    fs.utimesSync(file, 1000, 1000);
    expect(await updateFile(file, () => ({ result: 42 }))).toBe(42);
    expect(fs.statSync(file).mtimeMs).toBe(1_000_000);
  });

  test('verify: a write that does not read back is undone', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, 'before');
    const err = await failure(
      updateFile(file, () => ({ write: 'after', result: undefined }), {
        verify: (b) => b.toString() === 'other',
      }),
    );
    expect(err.code).toBe('WRITE_FAILED');
    expect(fs.readFileSync(file, 'utf8')).toBe('before');
  });
});

describe('locks name their real cause', () => {
  test('a lock dated in the future fails at once as LOCK_FUTURE, not "another process holds"', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.mkdirSync(`${file}.lock`);
    const tomorrow = Date.now() / 1000 + 86_400;
    fs.utimesSync(`${file}.lock`, tomorrow, tomorrow);
    const err = await failure(
      updateFile(file, () => ({ write: 'x', result: undefined }), { waitMs: 30_000 }),
    );
    expect(err.code).toBe('LOCK_FUTURE');
    expect(err.message).toMatch(/dated in the future/);
    expect(err.message).not.toMatch(/another process/);
    expect(err.hint).toMatch(/clawdbot doctor --fix --force/);
    expect(inspectLock(`${file}.lock`)?.state).toBe('future');
    expect(fs.existsSync(file)).toBe(false);
    clearLock(`${file}.lock`);
    await updateFile(file, () => ({ write: 'x', result: undefined }));
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test.skipIf(isRoot)(
    'a directory we may not write to fails as LOCK_DENIED naming the directory',
    async () => {
      const dir = tempDir();
      const file = path.join(dir, 'state.json');
      fs.writeFileSync(file, 'keep');
      fs.chmodSync(dir, 0o500);
      const err = await failure(updateFile(file, () => ({ write: 'x', result: undefined })));
      fs.chmodSync(dir, 0o700);
      expect(err.code).toBe('LOCK_DENIED');
      expect(err.message).toBe(
        `Cannot lock ${file}: cannot create the lock ${file}.lock in ${dir} (permission denied).`,
      );
      expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    },
  );

  test('a live holder: waiting ends with LOCK_BUSY; a stale one is taken over', async () => {
    const file = path.join(tempDir(), 'state.json');
    await withFileLock(file, async () => {
      const err = await failure(acquireLock(file, { waitMs: 200 }));
      expect(err.code).toBe('LOCK_BUSY');
      expect(err.message).toBe(`Cannot lock ${file}: another process holds ${file}.lock.`);
    });
    fs.mkdirSync(`${file}.lock`);
    const old = Date.now() / 1000 - 60;
    fs.utimesSync(`${file}.lock`, old, old);
    expect(inspectLock(`${file}.lock`)?.state).toBe('stale');
    await updateFile(file, () => ({ write: 'x', result: undefined }));
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
