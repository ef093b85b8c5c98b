import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CONFIG, setup } from './helpers.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');

/** Runs `body` in a fresh node process with the built package imported as `cm`. */
function runChild(
  body: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const script = [
    `import * as cm from ${JSON.stringify(pathToFileURL(dist).href)};`,
    `import { createContext } from '@clawdbot-auth/env-loader';`,
    'const ctx = createContext();',
    body,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env,
      cwd: dirname(dist),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('updateConfig in child processes', () => {
  test('the built package exists (run the build first)', () => {
    expect(existsSync(dist)).toBe(true);
  });

  test('under umask 000 the config and backups are 0600 and new dirs 0700', async () => {
    const { home } = setup();
    const state = join(home.home, 'deep', 'state');
    const env = { ...home.env, CLAWDBOT_STATE_DIR: state };
    const body = [
      'process.umask(0);',
      'await cm.updateConfig(ctx, (raw) => { raw.a = 1; });',
      'await cm.updateConfig(ctx, (raw) => { raw.a = 2; });',
    ].join('\n');
    const { code, stderr } = await runChild(body, env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(join(state, 'clawdbot.json'))).toBe(0o600);
    expect(mode(join(state, 'clawdbot.json.bak'))).toBe(0o600);
    expect(mode(state)).toBe(0o700);
    expect(mode(join(home.home, 'deep'))).toBe(0o700);
  });

  test('concurrent processes never lose an update', async () => {
    const { home } = setup();
    home.write(CONFIG, { counter: 0 });
    const body = [
      'for (let i = 0; i < 5; i++) {',
      '  await cm.updateConfig(ctx, (raw) => { raw.counter = raw.counter + 1; }, { loadEnv: false });',
      '}',
    ].join('\n');
    const results = await Promise.all(Array.from({ length: 4 }, () => runChild(body, home.env)));
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    expect(home.readJson(CONFIG)).toEqual({ counter: 20 });
    expect(home.exists(`${CONFIG}.lock`)).toBe(false);
  });
});
