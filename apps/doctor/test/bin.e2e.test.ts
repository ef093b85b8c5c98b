import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'run.js');

test('clawdbot-doctor --help describes the doctor command', () => {
  const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('repair');
});
