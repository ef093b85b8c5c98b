import * as z from 'zod/mini';
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

// The generator's top-level keys; a test checks they match what it produces.
const TOP_LEVEL_KEYS = ['$schema', 'type', 'properties', 'additionalProperties', 'description', 'title'];

// A lazy view: importing the package does not pay for the conversion; the first property
// read (or JSON.stringify / structuredClone) does. Plain getters, so it clones like an object.
/** The config JSON Schema as a read-only object (also shipped as `./schema.json`). */
export const configJsonSchema: Readonly<Record<string, unknown>> = Object.freeze(
  Object.defineProperties(
    {},
    Object.fromEntries(
      TOP_LEVEL_KEYS.map((key) => [key, { enumerable: true, get: () => buildConfigJsonSchema()[key] }]),
    ),
  ),
);
