import fs from 'node:fs';
import { expect, test } from 'vitest';
import { fixtureSecret, leakedSecrets, makeTempHome } from '../src/index.js';

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
