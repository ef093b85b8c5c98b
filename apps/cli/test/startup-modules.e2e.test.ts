/**
 * What the hot reading commands load: node's crypto and fs/promises (with the readline and
 * stream modules behind it) cost every start a few milliseconds, and reading commands need
 * neither. A module that imports them statically again (or a dependency's eager require) makes
 * these fail; the start-up bundle loads them on first use (scripts/lazy-builtins.ts).
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { claudeCreds, cli, DAY, home } from './helpers.js';

const NOT_LOADED = ['crypto', 'fs/promises', 'readline', 'worker_threads'];

describe('start-up: modules the hot commands never load', () => {
  test.each([
    [['models', 'status']],
    [['models', 'status', '--json']],
    [['models', 'auth', 'list']],
    [['models', 'auth', 'order', 'get', '--provider', 'anthropic']],
    [['doctor', '--non-interactive']],
  ])('%j loads neither node:crypto nor fs/promises, and still shows fingerprints', async (args) => {
    const h = home();
    const key = 'sk-ant-api03-STARTUPMODULES000000000000000000001';
    h.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${key}\n`);
    h.write(
      '.claude/.credentials.json',
      claudeCreds('sk-ant-oat01-STARTUPMODULES00000002', Date.now() + DAY),
    );
    const list = h.path('modules.txt');
    const preload = h.write(
      'list-modules.cjs',
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
    );
    // once to sync the Claude Code login (a write), then the run that is checked
    await cli(h, args, { secrets: [key] });
    const r = await cli(h, args, { env: { NODE_OPTIONS: `--require ${preload}` }, secrets: [key] });
    expect(r.code, r.stderr).toBe(0);
    if (args[1] === 'status') expect(r.stdout).toMatch(/#[0-9a-f]{8}/);
    const loaded = fs.readFileSync(list, 'utf8').split('\n');
    for (const m of NOT_LOADED) expect(loaded, m).not.toContain(`NativeModule ${m}`);
  });
});
