import { RuntimeError } from '../errors.js';

/** How `/model <x>` names a model: a 1-based list number, or an alias / `provider/model` ref. */
export type ModelSelector = { kind: 'index'; n: number } | { kind: 'ref'; ref: string };

export type Directive =
  | { kind: 'model-list' }
  | { kind: 'model-status' }
  | { kind: 'model-set'; selector: ModelSelector; profileId?: string }
  | { kind: 'reset'; name: 'new' | 'reset' };

export interface ParsedMessage {
  directives: Directive[];
  /** The message without its directive lines, trimmed. */
  text: string;
  /** True when the message held directives and nothing else. */
  directiveOnly: boolean;
}

const DIRECTIVE_LINE = /^\/(model|new|reset)(?:\s+(.*))?$/i;

function invalid(line: string, why: string): RuntimeError {
  return new RuntimeError('DIRECTIVE_INVALID', `${line}: ${why}`, {
    hint: 'send /model list to see the choices, e.g. /model 2 or /model anthropic/claude-opus-4-5@anthropic:work',
  });
}

/** Parses the argument of `/model`. @throws DIRECTIVE_INVALID */
export function parseModelArgs(line: string, args: string): Directive {
  const arg = args.trim();
  if (arg === '' || arg.toLowerCase() === 'list') return { kind: 'model-list' };
  if (arg.toLowerCase() === 'status') return { kind: 'model-status' };
  if (/\s/.test(arg)) throw invalid(line, 'expected one argument');
  // The pin splits on the LAST '@' (a model id may itself contain '@'); the ref later on the first '/'.
  const at = arg.lastIndexOf('@');
  const ref = at === -1 ? arg : arg.slice(0, at);
  const profileId = at === -1 ? undefined : arg.slice(at + 1);
  if (ref === '') throw invalid(line, 'missing model before @');
  if (profileId !== undefined && profileId === '') throw invalid(line, 'missing profile id after @');
  const selector: ModelSelector = /^\d+$/.test(ref)
    ? { kind: 'index', n: Number(ref) }
    : { kind: 'ref', ref };
  if (selector.kind === 'index' && selector.n < 1) throw invalid(line, 'list numbers start at 1');
  return profileId === undefined
    ? { kind: 'model-set', selector }
    : { kind: 'model-set', selector, profileId };
}

/** Parses one line; undefined when it is not a directive. @throws DIRECTIVE_INVALID */
export function parseDirectiveLine(line: string): Directive | undefined {
  const m = DIRECTIVE_LINE.exec(line.trim());
  if (!m) return undefined;
  const name = m[1]!.toLowerCase();
  const args = m[2] ?? '';
  if (name === 'model') return parseModelArgs(line.trim(), args);
  if (args.trim() !== '') throw invalid(line.trim(), `/${name} takes no argument`);
  return { kind: 'reset', name: name as 'new' | 'reset' };
}

/**
 * Splits a message into its directives (lines starting with `/model`, `/new`, `/reset`) and the
 * text. Other lines starting with `/` are ordinary text. @throws DIRECTIVE_INVALID
 */
export function parseMessage(message: string): ParsedMessage {
  const directives: Directive[] = [];
  const text: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    const directive = parseDirectiveLine(line);
    if (directive) directives.push(directive);
    else text.push(line);
  }
  const rest = text.join('\n').trim();
  return { directives, text: rest, directiveOnly: directives.length > 0 && rest === '' };
}
