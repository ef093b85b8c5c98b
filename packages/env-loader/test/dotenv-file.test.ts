import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
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

  test('an unreadable path is one warning naming it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-loader-dir-'));
    const target = path.join(dir, '.env');
    fs.mkdirSync(target);
    const file = await readDotenvFile(target);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(file.warnings).toEqual([`${target}: cannot read (EISDIR)`]);
  });
});
