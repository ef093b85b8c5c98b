import { z } from 'zod';
import { ConfigSchema } from './schema.js';

let cached: Record<string, unknown> | undefined;

/** JSON Schema (draft 2020-12) generated from ConfigSchema; computed once, on first use. */
export function buildConfigJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...(z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    title: 'clawdbot.json',
  };
  return cached;
}

// A lazy view: importing the package does not pay for the conversion; the first property
// access (or JSON.stringify) does.
/** The config JSON Schema as a plain-looking object (also shipped as `./schema.json`). */
export const configJsonSchema: Record<string, unknown> = new Proxy({} as Record<string, unknown>, {
  get: (_t, key) => Reflect.get(buildConfigJsonSchema(), key),
  has: (_t, key) => Reflect.has(buildConfigJsonSchema(), key),
  ownKeys: () => Reflect.ownKeys(buildConfigJsonSchema()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(buildConfigJsonSchema(), key);
    return d ? { ...d, configurable: true } : undefined;
  },
});
