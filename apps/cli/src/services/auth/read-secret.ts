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
