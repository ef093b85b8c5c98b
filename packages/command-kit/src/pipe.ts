/**
 * A closed pipe (`clawdbot ... | head -1`) is not an error: when the reader goes away, end
 * quietly with the status the command already set (0 unless it failed), no stack, no warning.
 * Call before anything is written; calling it again is a no-op.
 */
export function endQuietlyOnClosedPipe(
  streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    const marked = stream as NodeJS.WritableStream & { [GUARDED]?: true };
    if (marked[GUARDED]) continue;
    marked[GUARDED] = true;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
}

// A mark on the stream itself, not a module-level set: the CLI's start-up bundle holds its own
// copy of this module, and the oclif path that may follow it must see the stream as guarded.
const GUARDED = Symbol.for('clawdbot-auth.closed-pipe-guard');
