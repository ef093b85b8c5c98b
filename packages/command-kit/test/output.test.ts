import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { colorEnabled, createOutput, displayPath, tildePaths } from '../src/output.js';

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
});
