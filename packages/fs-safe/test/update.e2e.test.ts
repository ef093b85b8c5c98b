import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-safe-e2e-'));
  dirs.push(d);
  return d;
}

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  waitFor(line: RegExp): Promise<void>;
}

function writer(args: string[]): Run {
  const child = spawn(process.execPath, [path.join(FIXTURES, 'writer.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  let buf = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiters.splice(0))
        if (w.re.test(line)) w.resolve();
        else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (re) =>
      lines.some((l) => re.test(l))
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ re, resolve })),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('multi-process compare-and-swap', () => {
  test('a writer frozen past the lock stale time loses no update made meanwhile (SIGSTOP/SIGCONT)', async () => {
    const file = path.join(tempDir(), 'state.json');
    fs.writeFileSync(file, '{"seed":1}\n');
    const stale = 2000;
    const a = writer([file, 'a', String(stale), 'pause']);
    await a.waitFor(/^read seed$/);
    a.child.kill('SIGSTOP');
    // frozen holding the lock, after its read: wait until the lock is stale, then B takes it over
    await sleep(stale + 1500);
    const b = writer([file, 'b', String(stale)]);
    expect(await b.exited).toBe(0);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(['seed', 'b']);
    a.child.kill('SIGCONT');
    expect(await a.exited).toBe(0);
    // A noticed the file was no longer the one it read and started over from B's version
    expect(a.lines).toEqual(['read seed', 'read seed,b', 'done']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ seed: 1, b: b.child.pid, a: a.child.pid });
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  }, 30_000);

  test('eight processes adding one key each at the same time: all eight keys land', async () => {
    const file = path.join(tempDir(), 'state.json');
    const runs = Array.from({ length: 8 }, (_, i) => writer([file, `k${i}`, '10000']));
    expect(await Promise.all(runs.map((r) => r.exited))).toEqual(Array(8).fill(0));
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8'))).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `k${i}`).sort(),
    );
  }, 30_000);
});

describe('file modes', () => {
  test('the file is 0600 and its new directory 0700 even with umask 000', async () => {
    const file = path.join(tempDir(), 'new', 'dir', 'state.json');
    const child = spawn(process.execPath, [path.join(FIXTURES, 'umask-write.mjs'), file], {
      stdio: 'inherit',
    });
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.dirname(path.dirname(file))).mode & 0o777).toBe(0o700);
  });
});
