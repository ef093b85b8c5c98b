import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSecret, leakedSecrets, makeTempHome, runCli, type TempHome } from '@clawdbot-auth/testkit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, test } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'run.js');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'doctor.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

const homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function run(home: TempHome, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: home.env,
    cwd: home.home,
    timeout: 20_000,
  });
  expect(leakedSecrets(r.stdout + r.stderr)).toEqual([]);
  return r;
}

function given(): TempHome {
  const home = makeTempHome({ prefix: 'doctor-e2e-' });
  homes.push(home);
  return home;
}

describe('clawdbot-doctor (built bin)', () => {
  test('--help describes the flags', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const flag of [
      '--yes',
      '--repair',
      '--fix',
      '--non-interactive',
      '--deep',
      '--json',
      '--agent',
      '--force',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });

  test('a healthy home exits 0; the report is on stdout, progress on stderr', () => {
    const home = given();
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`);
    const r = run(home, []);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 errors, 0 warnings, 0 repaired');
    expect(r.stdout).not.toContain('checking');
    expect(r.stderr).toContain('checking credentials');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('an error exits 1, and --json prints one document that validates against the schema', () => {
    const home = given();
    home.write('.clawdbot/agents/main/agent/auth-profiles.json', '{ "version": 1, "profiles": ', 0o644);
    const text = run(home, []);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/\d+ errors?, \d+ warnings?/);
    const r = run(home, ['--json']);
    expect(r.status, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['store.parse', 'store.permissions']),
    );
    expect(doc.summary.errors).toBeGreaterThan(0);
  });

  test('--non-interactive repairs and reports what it did; --json of a repair run validates too', () => {
    const home = given();
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`, 0o644);
    const r = run(home, ['--non-interactive', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.repaired).toEqual([
      expect.objectContaining({ id: 'store.permissions', file: home.path('.clawdbot/.env') }),
    ]);
    expect(fs.statSync(home.path('.clawdbot/.env')).mode & 0o777).toBe(0o600);
    const again = run(home, ['--yes']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('0 errors, 0 warnings, 0 repaired');
  });

  test('without a TTY and without flags nothing is repaired and nothing waits for input', () => {
    const home = given();
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`, 0o644);
    const r = run(home, []);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 repaired');
    expect(fs.statSync(home.path('.clawdbot/.env')).mode & 0o777).toBe(0o644);
  });

  test('a usage error: one Error line, the usage, exit 1 (2 is only for models status --check)', () => {
    const r = run(given(), ['--bogus']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('Error: Nonexistent flag: --bogus');
    expect(lines.at(-1)).toBe('See: clawdbot-doctor doctor --help');
    expect(lines.length).toBeLessThanOrEqual(3);
  });

  test('a usage error with --json: the small { error } document on stdout, not oclif internals', () => {
    const r = run(given(), ['--json', '--bogus']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'USAGE', message: 'Nonexistent flag: --bogus' } });
  });

  test('--version prints the version and exits 0', () => {
    const r = run(given(), ['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^@clawdbot-auth\/doctor\/\d+\.\d+\.\d+ /);
  });

  test('a closed pipe (| head -1) ends quietly: exit 0, no warning', async () => {
    const home = given();
    home.write('.clawdbot/.env', `ANTHROPIC_API_KEY=${fixtureSecret.anthropicApiKey()}\n`);
    const r = await runCli([], { home: home.home, env: home.env, bin, stdoutClosed: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/Warning|Error|EPIPE/);
    expect(leakedSecrets(r.stderr)).toEqual([]);
  });
});
