import { isDeepStrictEqual } from 'node:util';
import JSON5 from 'json5';
import { applyEdits, type JSONPath, modify } from 'jsonc-parser';
import { isPlainObject, type PlainObject } from './plain.js';
import { serializeConfig } from './serialize.js';

/** The new text of the config, and whether the user's comments and layout survived. */
export interface EditedText {
  text: string;
  /** false: the text was rewritten as plain JSON (comments and JSON5 syntax dropped) */
  kept: boolean;
}

/** Leaf-level changes from `before` to `after`: set (value) or delete (undefined). */
function changes(before: unknown, after: unknown, at: JSONPath, out: [JSONPath, unknown][]): void {
  if (isDeepStrictEqual(before, after)) return;
  if (!isPlainObject(before) || !isPlainObject(after)) {
    out.push([at, after]);
    return;
  }
  for (const key of Object.keys(before)) if (!(key in after)) out.push([[...at, key], undefined]);
  for (const [key, value] of Object.entries(after)) changes(before[key], value, [...at, key], out);
}

/**
 * Applies the change from the file's own content to `raw` as edits of the text at the changed
 * paths only, so comments, key order and layout elsewhere stay as the user wrote them. When
 * the text cannot be edited that way (JSON5 syntax the editor does not read: unquoted keys,
 * single quotes), or the result would not read back as `raw`, it falls back to plain JSON
 * and says so (`kept: false`); the caller keeps a backup of the old text either way.
 */
export function editConfigText(oldText: string, raw: PlainObject): EditedText {
  if (!oldText.trim()) return { text: serializeConfig(raw), kept: true };
  const plain = serializeConfig(raw);
  try {
    const original = JSON5.parse(oldText) as unknown;
    const edits: [JSONPath, unknown][] = [];
    changes(original, raw, [], edits);
    let text = oldText;
    for (const [path, value] of edits) {
      text = applyEdits(
        text,
        modify(text, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
      );
    }
    if (isDeepStrictEqual(JSON5.parse(text), raw))
      return { text: text.endsWith('\n') ? text : `${text}\n`, kept: true };
  } catch {
    // fall through: plain JSON
  }
  // Nothing is lost but whitespace when the old text was plain JSON already.
  return { text: plain, kept: safeParse(oldText) !== undefined && !hasComments(oldText) };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A `//` or block comment outside strings (what a plain JSON rewrite would drop). */
function hasComments(text: string): boolean {
  return /^(?:[^"/]|"(?:[^"\\]|\\.)*")*\/[/*]/m.test(text);
}
