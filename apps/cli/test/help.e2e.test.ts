import { describe, expect, test } from 'vitest';
import { cli, home } from './helpers.js';

const COMMANDS = [
  'models status',
  'models auth add',
  'models auth login',
  'models auth setup-token',
  'models auth paste-token',
  'models auth order get',
  'models auth order set',
  'models auth order clear',
  'models auth refresh',
  'models auth remove',
  'models auth list',
  'models auth cooldown clear',
  'models auth explain',
  'onboard',
];

/** Lines of the DESCRIPTION section, split in paragraphs. */
function descriptionParagraphs(help: string): string[][] {
  const section = help.split(/^DESCRIPTION$/m)[1]?.split(/^[A-Z]+$/m)[0] ?? '';
  return section
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').filter((l) => l.trim()))
    .filter((p) => p.length);
}

describe.concurrent('--help of every command', () => {
  test.each(COMMANDS)('%s: exit 0, examples, description wrapped as whole paragraphs', async (cmd) => {
    const r = await cli(home(), [...cmd.split(' '), '--help'], { env: { OCLIF_COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^EXAMPLES\n {2}\$ clawdbot /m);
    // A hard line break inside a source paragraph shows as a short line in the middle of one.
    for (const para of descriptionParagraphs(r.stdout)) {
      for (const line of para.slice(0, -1)) expect(line.length, `${cmd}: "${line}"`).toBeGreaterThan(50);
    }
  });
});
