import type { PlainObject } from './plain.js';

/** Plain 2-space JSON: a new config file, or when the old text cannot be edited in place. */
export function serializeConfig(raw: PlainObject): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}
