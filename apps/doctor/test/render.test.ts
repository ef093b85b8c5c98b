import { createContext } from '@clawdbot-auth/env-loader';
import { describe, expect, test } from 'vitest';
import { type DoctorResult, renderText, summaryLine, toJson } from '../src/index.js';

const ctx = createContext({ env: {}, homedir: '/home/me', cwd: '/home/me', platform: 'linux', now: () => 0 });

const result: DoctorResult = {
  agentId: 'main',
  findings: [
    {
      id: 'store.parse',
      severity: 'error',
      section: 'auth-store',
      file: '/home/me/.clawdbot/agents/main/agent/auth-profiles.json',
      message: '/home/me/.clawdbot/agents/main/agent/auth-profiles.json:1:5: not valid JSON',
    },
    {
      id: 'credentials.missing',
      severity: 'error',
      section: 'credentials',
      message: 'openai is in use but has no credential',
      fix: 'clawdbot models auth login --provider openai',
    },
    {
      id: 'store.permissions',
      severity: 'warn',
      section: 'auth-store',
      file: '/home/me/.clawdbot/.env',
      message: '~/.clawdbot/.env is 0644',
      repair: { describe: 'chmod 0600 ~/.clawdbot/.env', safe: true, apply: async () => {} },
    },
  ],
  repaired: [
    { id: 'config.migration', section: 'config', message: 'migrated config' },
    { id: 'legacy.pending', section: 'legacy', message: 'imported ~/.clawdbot/agents/main/agent/auth.json' },
    { id: 'store.permissions', section: 'auth-store', message: 'chmod 0700 ~/.clawdbot' },
  ],
  summary: { errors: 2, warnings: 1, infos: 0, repaired: 3 },
};

describe('renderText', () => {
  test('groups by section in order, shows ~ paths, the command to run, and the summary line last', () => {
    const text = renderText(ctx, result, { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 errors, 1 warning, 3 repaired');
    const order = [
      'Config',
      'Auth store',
      'Claude Code / Codex sync',
      'Credentials',
      'Consistency',
      'Environment',
      'Legacy files',
    ];
    expect(order.map((h) => lines.indexOf(h))).toEqual(
      [...order.map((h) => lines.indexOf(h))].sort((a, b) => a - b),
    );
    expect(text).toContain('~/.clawdbot/agents/main/agent/auth-profiles.json:1:5: not valid JSON');
    expect(text).not.toContain('/home/me');
    expect(text).toContain('    run: clawdbot models auth login --provider openai');
    expect(text).toContain('repaired: migrated config');
    expect(text).not.toMatch(/\u001b\[/);
  });

  test('colour only when asked', () => {
    expect(renderText(ctx, result, { color: true })).toMatch(/\u001b\[31m/);
  });

  test('summary counts notes only when there are some', () => {
    expect(summaryLine({ ...result, summary: { errors: 0, warnings: 0, infos: 1, repaired: 0 } })).toBe(
      '0 errors, 0 warnings, 1 note, 0 repaired',
    );
  });
});

describe('toJson', () => {
  test('describes repairs without their code', () => {
    const doc = toJson(result);
    expect(doc.findings[2]).toEqual({
      id: 'store.permissions',
      severity: 'warn',
      section: 'auth-store',
      file: '/home/me/.clawdbot/.env',
      message: '~/.clawdbot/.env is 0644',
      repair: { describe: 'chmod 0600 ~/.clawdbot/.env', safe: true },
    });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
