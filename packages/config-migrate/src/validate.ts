import type * as z from 'zod/mini';
import { type ClawdbotConfig, ConfigSchema } from './schema.js';

/** One validation problem: `auth.order.anthropic[1]` + `expected string`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export interface ValidationResult {
  /** The input with every invalid entry removed, so readers can trust the types. */
  value: ClawdbotConfig;
  issues: ConfigIssue[];
}

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `['auth', 'profiles', 'anthropic:work', 'mode']` -> `auth.profiles["anthropic:work"].mode`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out === '' ? '(root)' : out;
}

// Short messages in our own words; the path already says where.
const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type') {
    return iss.input === undefined ? `required (expected ${iss.expected})` : `expected ${iss.expected}`;
  }
  if (iss.code === 'invalid_value') {
    return `expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return undefined;
};

type Container = Record<string, unknown> | unknown[];
const REMOVED = Symbol('removed');

function parentOf(root: unknown, path: readonly PropertyKey[]): Container | undefined {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur !== null && typeof cur === 'object' ? (cur as Container) : undefined;
}

/** Removes the value at `path`; when it is absent (a required key), removes its owner. */
function removeAt(root: unknown, path: readonly PropertyKey[]): void {
  if (path.length === 0) return;
  const parent = parentOf(root, path);
  const key = path[path.length - 1] as PropertyKey;
  if (parent && Object.hasOwn(parent, key)) {
    (parent as Record<PropertyKey, unknown>)[key] = REMOVED;
  } else {
    removeAt(root, path.slice(0, -1));
  }
}

function sweep(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== REMOVED).map(sweep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== REMOVED) out[k] = sweep(v);
  return out;
}

/** Validates the owned parts of a config; never throws, returns `path: message` issues. */
export function validateConfig(input: unknown): ValidationResult {
  const first = ConfigSchema.safeParse(input, { error: errorMap });
  if (first.success) return { value: first.data, issues: [] };
  const issues = first.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { value: {}, issues };
  let current: unknown = structuredClone(input);
  let pending = first.error.issues;
  // Each round removes what failed; a removed required key takes its owner with it.
  for (let round = 0; round < 8; round++) {
    for (const issue of pending) removeAt(current, issue.path);
    current = sweep(current);
    const next = ConfigSchema.safeParse(current);
    if (next.success) return { value: next.data, issues };
    pending = next.error.issues;
  }
  return { value: {}, issues };
}
