import fs from 'node:fs';
import { expect, test } from 'vitest';
import { assertNoLeak, fixtureSecret, leakedSecrets, makeTempHome, runCli } from '../src/index.js';

test('a temp home writes files 0600 under dirs it creates, and cleans up', () => {
  const h = makeTempHome();
  const p = h.write('.clawdbot/agents/main/agent/auth-profiles.json', { version: 1, profiles: {} });
  expect(fs.statSync(p).mode & 0o777).toBe(0o600);
  expect(h.listFiles()).toEqual(['.clawdbot/agents/main/agent/auth-profiles.json']);
  expect(h.readJson<{ version: number }>('.clawdbot/agents/main/agent/auth-profiles.json').version).toBe(1);
  h.cleanup();
  expect(fs.existsSync(h.home)).toBe(false);
});

test('leakedSecrets finds a whole secret or its tail, and nothing in clean text', () => {
  const key = fixtureSecret.anthropicApiKey();
  expect(leakedSecrets(`key=${key}`, [key])).toEqual([key]);
  expect(leakedSecrets(`…${key.slice(-12)}`, [key])).toEqual([key]);
  expect(leakedSecrets('sk-ant-api03…#3f9a0c1e', [key])).toEqual([]);
});

test('leakedSecrets is a sliding window: any 8 characters past the public prefix are a leak', () => {
  const key = fixtureSecret.anthropicApiKey();
  expect(leakedSecrets(`${key.slice(0, 8)}…${key.slice(-8)}`, [key])).toEqual([key]); // first 8 + last 8
  expect(leakedSecrets(key.slice(0, 20), [key])).toEqual([key]); // a 20-character prefix
  expect(leakedSecrets(`x${key.slice(17, 25)}y`, [key])).toEqual([key]); // 8 from the middle
  expect(leakedSecrets(key.slice(0, 13), [key])).toEqual([]); // the public prefix sk-ant-api03-
  expect(leakedSecrets(key.slice(20, 27), [key])).toEqual([]); // 7 characters are not enough
  const literal = 'sk-ant-oat01-abcdefghijklmnopqrstuvwxyz';
  expect(leakedSecrets('sk-ant-oat01-abcdefgh', [literal])).toEqual([literal]);
  expect(leakedSecrets('sk-ant-oat01…#12345678', [literal])).toEqual([]);
});

test('assertNoLeak names the secret by its prefix, never its bytes', () => {
  const key = fixtureSecret.openaiApiKey();
  expect(() => assertNoLeak('clean', 'stdout', [key])).not.toThrow();
  let message = '';
  try {
    assertNoLeak(`oops ${key}`, 'stdout', [key]);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^secret leak in stdout: sk-proj… \(\d+ chars\)$/);
  expect(leakedSecrets(message, [key])).toEqual([]);
});

test('runCli checks every run for leaks (stdout and stderr)', async () => {
  const h = makeTempHome();
  try {
    const key = fixtureSecret.anthropicApiKey();
    const script = h.write('leak.mjs', `process.stderr.write(${JSON.stringify(key.slice(0, 20))});`);
    await expect(runCli([], { home: h.home, bin: script })).rejects.toThrow(/secret leak in stderr/);
    const r = await runCli([], { home: h.home, bin: script, leakCheck: false });
    expect(r.stderr).toBe(key.slice(0, 20));
  } finally {
    h.cleanup();
  }
});
