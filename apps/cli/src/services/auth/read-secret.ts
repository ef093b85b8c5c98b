import { CliError } from '../../errors.js';

/**
 * Read a secret: a hidden prompt on a TTY, else the whole of stdin. Never echoed.
 * @throws NO_TTY (interactive only and no TTY)
 */
export async function readSecret(message: string, opts: { stdin?: NodeJS.ReadStream } = {}): Promise<string> {
  const stdin = opts.stdin ?? process.stdin;
  if (stdin.isTTY) {
    const { password } = await import('@inquirer/prompts');
    return password({ message, mask: false }, { input: stdin, output: process.stderr });
  }
  return readAll(stdin);
}

/** The whole of a stream as UTF-8 (stdin when it is a pipe or a file). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Error for an interactive-only action without a TTY, listing what to run instead. */
export function noTtyError(what: string, alternatives: string[]): CliError {
  return new CliError(
    'NO_TTY',
    `${what} needs an interactive terminal (stdin is not a TTY)`,
    `Run one of: ${alternatives.join(' | ')}`,
  );
}

/**
 * Ask a yes/no question on the terminal (default no), or take `--yes`. Without a terminal and
 * without `--yes` nothing is asked: a usage error names the flag. Ctrl-C rejects (exit 130).
 * @throws USAGE
 */
export async function confirmOrYes(
  message: string,
  opts: { yes?: boolean; command: string; stdin?: NodeJS.ReadStream },
): Promise<boolean> {
  if (opts.yes) return true;
  const stdin = opts.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    throw new CliError(
      'USAGE',
      'confirmation needed, but stdin is not a terminal: pass --yes to confirm',
      `Run: ${opts.command} --yes`,
    );
  }
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false }, { input: stdin, output: process.stderr });
}
