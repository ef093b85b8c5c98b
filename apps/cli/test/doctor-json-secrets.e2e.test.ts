/**
 * Issue 13 (low): `doctor --json` carries no secret, and the paths in the commands it suggests
 * are the real ones (never redacted into `…#hash` because a directory name looks random).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureSecret, type TempHome } from '@clawdbot-auth/testkit';
import { expect, test } from 'vitest';
import { claudeCreds, cli, DAY, home } from './helpers.js';

interface Doc {
  findings: { id: string; message: string; fix?: string; repair?: { describe: string } }[];
  repaired: { id: string; message: string }[];
}

/** Every `~/…` or `/…` path a text names. */
function pathsIn(text: string): string[] {
  return [...text.matchAll(/(?<![^\s'"(=:])(?:~\/|\/)[^\s'"()<>|;,]+/g)].map((m) =>
    m[0].replace(/[.:]+$/, ''),
  );
}

/** A path names something real: it exists, or (a file a repair creates or moved) its directory does. */
function real(h: TempHome, p: string): boolean {
  const full = p.startsWith('~/') ? path.join(h.home, p.slice(2)) : p;
  return fs.existsSync(full) || fs.existsSync(path.dirname(full));
}

test('doctor --json over secrets in every place it reads: none shown, every path in a command is real and runs', async () => {
  const h = home();
  // a state dir whose name looks like a secret (40 hex characters): it must still be shown as it is
  const rel = `srv/state-${randomBytes(20).toString('hex')}`;
  const state = h.path(rel);
  const agent = `${rel}/agents/main/agent`;
  const [stored, inEnv, inConfig, legacy] = [
    fixtureSecret.openaiApiKey(),
    fixtureSecret.anthropicApiKey(),
    fixtureSecret.openrouterApiKey(),
    fixtureSecret.anthropicApiKey(),
  ];
  h.write(`${agent}/auth-profiles.json`, {
    version: 1,
    profiles: { 'openai:default': { type: 'api_key', provider: 'openai', key: stored } },
  });
  h.write(`${agent}/auth.json`, { anthropic: { type: 'api_key', key: legacy } });
  h.write(`${rel}/.env`, `ANTHROPIC_API_KEY=${inEnv}\n`, 0o644);
  h.write(`${rel}/clawdbot.json`, { models: { providers: { openrouter: { apiKey: inConfig } } } }, 0o644);
  h.write(
    '.claude/.credentials.json',
    claudeCreds(
      fixtureSecret.anthropicOAuthAccess(),
      Date.now() - DAY,
      fixtureSecret.anthropicOAuthRefresh(),
    ),
  );
  fs.chmodSync(h.path(`${agent}/auth-profiles.json`), 0o644);
  fs.chmodSync(state, 0o755);
  const env = { CLAWDBOT_STATE_DIR: state };

  // runCli fails the run when any piece of a planted secret reaches stdout or stderr
  const report = await cli(h, ['doctor', '--json'], { env });
  const doc = JSON.parse(report.stdout) as Doc;
  const ids = doc.findings.map((f) => f.id);
  expect(ids).toEqual(
    expect.arrayContaining(['store.permissions', 'legacy.pending', 'env.secret-in-config']),
  );
  const commands = doc.findings.flatMap((f) => [f.fix ?? '', f.repair?.describe ?? '']);
  expect(commands.join('\n')).toContain(rel);
  expect(commands.join('\n')).not.toContain('…#');
  for (const p of commands.flatMap(pathsIn)) expect(real(h, p), p).toBe(true);
  // the suggested chmod commands run as printed
  for (const fix of commands.filter((c) => c.startsWith('chmod '))) {
    const run = spawnSync('sh', ['-c', fix], { env: { ...process.env, HOME: h.home } });
    expect(run.status, `${fix}: ${run.stderr}`).toBe(0);
  }

  const fixed = await cli(h, ['doctor', '--non-interactive', '--json'], { env });
  const after = JSON.parse(fixed.stdout) as Doc;
  expect(after.repaired.map((r) => r.id)).toEqual(expect.arrayContaining(['legacy.pending']));
  const said = after.repaired.map((r) => r.message).join('\n');
  expect(said).not.toContain('…#');
  for (const p of pathsIn(said)) expect(real(h, p), p).toBe(true);
  // the journal of that import names the store by its real path too
  const events = h
    .read(`${rel}/logs/auth-events.jsonl`)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { store?: string });
  const stores = events.flatMap((e) => (e.store ? [e.store] : []));
  expect(stores.length).toBeGreaterThan(0);
  for (const store of stores) expect(fs.existsSync(store), store).toBe(true);
});
