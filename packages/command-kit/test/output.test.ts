import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { colorEnabled, createOutput, displayPath, printable, tildePaths } from '../src/output.js';

function capture(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  s.on('data', (d) => {
    text += d;
  });
  return { s, text: () => text };
}

describe('output', () => {
  test('stderr lines show paths under HOME with ~, the result is left as is', () => {
    const out = capture(false);
    const err = capture(false);
    const o = createOutput({ stdout: out.s, stderr: err.s, env: {}, home: '/home/u' });
    o.warn('warning: /home/u/.clawdbot/.env:2: bad line');
    o.result('/home/u/x');
    expect(err.text()).toBe('warning: ~/.clawdbot/.env:2: bad line\n');
    expect(out.text()).toBe('/home/u/x\n');
    expect(tildePaths('/home/user2/a /home/u', '/home/u/')).toBe('/home/user2/a ~');
  });

  test('result goes to stdout, chatter to stderr', () => {
    const out = capture(false);
    const err = capture(false);
    const o = createOutput({ stdout: out.s, stderr: err.s, env: {} });
    o.result('report');
    o.info('synced');
    expect(out.text()).toBe('report\n');
    expect(err.text()).toBe('synced\n');
  });

  test.each([
    ['a TTY', { env: {} }, true, true],
    ['off a TTY', { env: {} }, false, false],
    ['NO_COLOR', { env: { NO_COLOR: '1' } }, true, false],
    ['--json', { env: {}, json: true }, true, false],
  ])('colour on %s: %s', (_n, opts, tty, want) => {
    expect(colorEnabled(opts, { isTTY: tty })).toBe(want);
  });

  test('paths under HOME are shown with ~', () => {
    expect(displayPath('/home/u', '/home/u/.clawdbot/clawdbot.json')).toBe('~/.clawdbot/clawdbot.json');
    expect(displayPath('/home/u', '/home/user2/x')).toBe('/home/user2/x');
  });

  test('control characters from data are shown escaped; our own colours and line feeds stay', () => {
    expect(printable('anthropic:me\x1b]0;pwned\x07')).toBe('anthropic:me\\x1b]0;pwned\\x07');
    expect(printable('ok\rError: forged')).toBe('ok\\rError: forged');
    expect(printable('id\u202egnp.exe')).toBe('id\\u202egnp.exe');
    expect(printable('a\x9bb\x00c\x7fd')).toBe('a\\x9bb\\x00c\\x7fd');
    expect(printable('line 1\n\tline 2')).toBe('line 1\n\tline 2');
    expect(printable('\x1b[32mok\x1b[39m and \x1b[2J')).toBe('\x1b[32mok\x1b[39m and \\x1b[2J');
    const out = capture(true);
    const err = capture(false);
    const o = createOutput({ stdout: out.s, stderr: err.s, env: { FORCE_COLOR: '1' } });
    o.result(`profile ${o.style.good('ok')} anthropic:x\x1b[2J`);
    o.warn('from server: \x1b[1A\x1b[2Kfake');
    expect(out.text()).toBe('profile \x1b[32mok\x1b[39m anthropic:x\\x1b[2J\n');
    expect(err.text()).toContain('\\x1b[1A\\x1b[2Kfake');
  });
});
