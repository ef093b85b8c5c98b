import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findMalformedLines, readDotenvFile } from '../src/dotenv-file.js';

describe('findMalformedLines', () => {
  test.each([
    ['A=1\n# comment\n\n  \nexport B="two"\nC: three', []],
    ['A=1\nthis is not an assignment\nB=2', [2]],
    ['export ONLY_NAME\nX=1', [1]],
    ['=value', [1]],
    ['K="line one\nline two\nline three"\nL=ok\nbroken line', [5]],
    ["K='a\nb'", []],
    ['K="never closed\nM=1', [1]],
    ['K="never closed\nM=\'also open\nN=1', [1, 2]],
    ['K="escaped \\" quote"', []],
  ])('%j -> lines %j', (source, lines) => {
    expect(findMalformedLines(source).map((p) => p.line)).toEqual(lines);
  });
});

describe('readDotenvFile', () => {
  test('a missing file is empty and silent', async () => {
    const file = await readDotenvFile(path.join(os.tmpdir(), 'does-not-exist-env-loader', '.env'));
    expect(file).toMatchObject({ exists: false, vars: {}, warnings: [] });
  });

  const tempEnv = (make: (target: string) => void) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-loader-dir-'));
    dirs.push(dir);
    const target = path.join(dir, '.env');
    make(target);
    return target;
  };
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['a directory', (t: string) => fs.mkdirSync(t)],
    ['a FIFO', (t: string) => execFileSync('mkfifo', [t])],
    ['a device', (t: string) => fs.symlinkSync('/dev/zero', t)],
  ])('%s named .env is refused unread, with one warning naming it', async (kind, make) => {
    const target = tempEnv(make);
    const file = await readDotenvFile(target);
    expect(file).toMatchObject({ exists: false, vars: {} });
    expect(file.warnings).toEqual([`${target}: ${kind}, not a file; not read (remove or rename it)`]);
  });

  test('a .env over 1 MiB is refused with a message; one of exactly 1 MiB loads', async () => {
    const big = tempEnv((t) => fs.writeFileSync(t, `A=1\n${'#'.repeat(1024 * 1024)}\n`));
    const file = await readDotenvFile(big);
    expect(file.vars).toEqual({});
    expect(file.warnings).toEqual([expect.stringMatching(/larger than 1 MiB .*not read/)]);
    const fits = tempEnv((t) => fs.writeFileSync(t, `A=1\n${'#'.repeat(1024 * 1024 - 5)}\n`));
    expect((await readDotenvFile(fits)).vars).toEqual({ A: '1' });
  });

  test('an unterminated quote is skipped, not loaded: the warning tells the truth', async () => {
    const target = tempEnv((t) => fs.writeFileSync(t, 'GOOD=1\nKEY="sk-ant-api03-half\nLATER=2\n'));
    const file = await readDotenvFile(target);
    expect(file.vars).toEqual({ GOOD: '1', LATER: '2' });
    expect(file.warnings).toEqual([
      `${target}:2: unterminated " quote; line skipped, the rest of the file was loaded`,
    ]);
  });

  test('a million bad lines: five named, the rest counted', async () => {
    const target = tempEnv((t) => fs.writeFileSync(t, 'junk\n'.repeat(200_000)));
    const file = await readDotenvFile(target);
    expect(file.warnings).toHaveLength(6);
    expect(file.warnings[5]).toBe(`${target}: 199995 more lines skipped`);
  });

  test('1 MiB of blank lines parses in linear time (was minutes)', async () => {
    // Not a timing assertion: the suite's own timeout is the bound (quadratic took > 120 s).
    const blank = tempEnv((t) => fs.writeFileSync(t, `${'\n'.repeat(1024 * 1024 - 8)}A=1\n`));
    expect((await readDotenvFile(blank)).vars).toEqual({ A: '1' });
    const spaces = tempEnv((t) => fs.writeFileSync(t, ' \n'.repeat(500_000)));
    expect(await readDotenvFile(spaces)).toMatchObject({ vars: {}, warnings: [] });
  });
});
