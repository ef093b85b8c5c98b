import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createContext, type RuntimeContext } from '@clawdbot-auth/env-loader';
import { leakedSecrets, makeTempHome, type TempHome } from '@clawdbot-auth/testkit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, expect } from 'vitest';
import { type DoctorOptions, type DoctorResult, renderText, runDoctor, toJson } from '../src/index.js';

const schemaPath = path.join(import.meta.dirname, '..', 'schemas', 'doctor.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(fs.readFileSync(schemaPath, 'utf8')),
);

export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const STORE = '.clawdbot/agents/main/agent/auth-profiles.json';
export const CONFIG = '.clawdbot/clawdbot.json';
export const storeOf = (agent: string) => `.clawdbot/agents/${agent}/agent/auth-profiles.json`;

/** A temp HOME and a context on it with a fixed clock. */
export function setup(extraEnv: Record<string, string> = {}): { home: TempHome; ctx: () => RuntimeContext } {
  const home = makeTempHome({ prefix: 'doctor-test-', extraEnv });
  fs.mkdirSync(home.stateDir, { mode: 0o700 });
  const ctx = () =>
    createContext({
      env: { ...home.env },
      homedir: home.home,
      cwd: home.home,
      platform: 'linux',
      now: () => NOW,
    });
  return { home, ctx };
}

const homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

/** setup() whose temp HOME is removed after the current test. */
export function given(extraEnv: Record<string, string> = {}): ReturnType<typeof setup> {
  const s = setup(extraEnv);
  homes.push(s.home);
  return s;
}

/** sha256 of every file (and the mode of every entry) under HOME: "changed no byte" checks. */
export function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(root, p);
      const mode = (fs.lstatSync(p).mode & 0o777).toString(8);
      if (e.isDirectory()) {
        out[`${rel}/`] = mode;
        walk(p);
      } else out[rel] = `${mode} ${crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root);
  return out;
}

/** Runs doctor; asserts its JSON matches the schema and no fixture secret reaches text or JSON. */
export async function doctor(ctx: RuntimeContext, opts: DoctorOptions = {}): Promise<DoctorResult> {
  const r = await runDoctor(ctx, opts);
  const doc = toJson(r);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  const out = `${renderText(ctx, r, { color: false })}\n${JSON.stringify(doc)}`;
  expect(leakedSecrets(out)).toEqual([]);
  return r;
}

export const ids = (r: DoctorResult) => r.findings.map((f) => f.id);

/**
 * The cycle every fixture goes through: doctor reports `id`; doctor --yes repairs it; a second
 * --yes run repairs nothing, reports nothing new and changes no byte under HOME.
 */
export async function expectRepairCycle(
  home: TempHome,
  ctx: () => RuntimeContext,
  id: string,
  opts: DoctorOptions = {},
): Promise<{ first: DoctorResult; repaired: DoctorResult; again: DoctorResult }> {
  const first = await doctor(ctx(), opts);
  expect(ids(first)).toContain(id);
  const repaired = await doctor(ctx(), { ...opts, repair: true });
  expect(repaired.repaired.map((r) => r.id)).toContain(id);
  expect(ids(repaired)).not.toContain(id);
  const before = hashTree(home.home);
  const again = await doctor(ctx(), { ...opts, repair: true });
  expect(again.repaired).toEqual([]);
  expect(ids(again).filter((i) => !ids(repaired).includes(i))).toEqual([]);
  expect(hashTree(home.home)).toEqual(before);
  return { first, repaired, again };
}
