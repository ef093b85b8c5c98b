/** A JSON object (not null, not an array). */
export type PlainObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Returns `obj[key]` when it is an object, creating an empty one otherwise (when absent). */
export function ensureObject(obj: PlainObject, key: string): PlainObject | undefined {
  const cur = obj[key];
  if (cur === undefined) {
    const created: PlainObject = {};
    obj[key] = created;
    return created;
  }
  return isPlainObject(cur) ? cur : undefined;
}

/** Copies `source` into `target` recursively; keys already in `target` win. */
export function mergeMissing(target: PlainObject, source: PlainObject): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (existing === undefined) target[key] = value;
    else if (isPlainObject(existing) && isPlainObject(value)) mergeMissing(existing, value);
  }
}
