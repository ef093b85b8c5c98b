/**
 * Output: the result goes to stdout, everything else (progress, sync notes, warnings) to
 * stderr. No colour off a TTY, with NO_COLOR, or with --json. Paths are shown with ~.
 */
export interface OutputOptions {
  json?: boolean;
  env?: Record<string, string | undefined>;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** HOME, for `~` in stderr lines (default: `env.HOME`). */
  home?: string;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';
const SGR: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

export interface Output {
  readonly json: boolean;
  /** The command's result, to stdout. */
  result(text: string): void;
  /** Chatter: progress, notes. stderr. */
  info(text: string): void;
  warn(text: string): void;
  success(text: string): void;
  /** Semantic styling tokens (no-ops without colour). */
  style: {
    path(s: string): string;
    command(s: string): string;
    heading(s: string): string;
    bad(s: string): string;
    good(s: string): string;
    warn(s: string): string;
  };
}

/** Whether colour may be used on a stream. */
export function colorEnabled(opts: OutputOptions, stream: { isTTY?: boolean }): boolean {
  const env = opts.env ?? process.env;
  if (opts.json) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Build the output channel for one command run. */
export function createOutput(opts: OutputOptions = {}): Output {
  const stdout = opts.stdout ?? process.stdout;
  // stderr is created on first use: most runs of a reading command never write to it
  const stderr = () => opts.stderr ?? process.stderr;
  const color = colorEnabled(opts, stdout);
  const paint = (style: Style) => (s: string) =>
    color ? `\x1b[${SGR[style][0]}m${s}\x1b[${SGR[style][1]}m` : s;
  const line = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);
  let errColor: boolean | undefined;
  const errColored = () => {
    errColor ??= colorEnabled(opts, stderr());
    return errColor;
  };
  const errPaint = (style: Style) => (s: string) =>
    errColored() ? `\x1b[${SGR[style][0]}m${s}\x1b[${SGR[style][1]}m` : s;
  const home = opts.home ?? (opts.env ?? process.env).HOME;
  const err = (s: string) => void stderr().write(line(printable(tildePaths(s, home))));
  return {
    json: Boolean(opts.json),
    result: (text) => void stdout.write(line(printable(text))),
    info: (text) => err(text),
    warn: (text) => err(errPaint('yellow')(text)),
    success: (text) => err(errPaint('green')(text)),
    style: {
      path: paint('cyan'),
      command: paint('bold'),
      heading: paint('bold'),
      bad: paint('red'),
      good: paint('green'),
      warn: paint('yellow'),
    },
  };
}

/** Show an absolute path with `~` for HOME. */
export function displayPath(homedir: string, p: string): string {
  if (!homedir) return p;
  const home = homedir.endsWith('/') ? homedir.slice(0, -1) : homedir;
  if (p === home) return '~';
  return p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p;
}

/** Every `<home>/...` path inside `text` shown as `~/...` (not `/home/user2` for `/home/user`). */
export function tildePaths(text: string, home?: string): string {
  const h = home?.replace(/\/+$/, '');
  if (!h) return text;
  return text.replace(new RegExp(`${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`, 'g'), '~');
}

/** The colour codes this module writes itself (bold, dim, red, green, yellow, cyan and their ends). */
const OWN_SGR = new RegExp(`^\\x1b\\[(?:${[...new Set(Object.values(SGR).flat())].join('|')})m`);
/** C0 controls but tab and line feed, DEL, C1 controls, line/paragraph separators, bidi overrides. */
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe for a terminal: every control character that did not come from this module's own
 * colours is shown escaped (`\x1b`, `\r`, `\u202e`), so a profile id, an e-mail from a token
 * server or a provider's error message cannot send an escape sequence or overwrite a line (`\r`).
 * Line feeds stay: ids are validated and server messages are made one line where they enter.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c: string, at: number) => {
    if (c === '\x1b' && OWN_SGR.test(text.slice(at, at + 8))) return c;
    const code = c.charCodeAt(0);
    if (c === '\r') return '\\r';
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
