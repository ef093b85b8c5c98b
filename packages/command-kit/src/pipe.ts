/**
 * A closed pipe (`clawdbot ... | head -1`) is not an error: when the reader goes away, end
 * quietly with the status the command already set (0 unless it failed), no stack, no warning.
 * Call before anything is written; calling it again is a no-op.
 */
export function endQuietlyOnClosedPipe(
  streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    if (guarded.has(stream)) continue;
    guarded.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
}

const guarded = new WeakSet<NodeJS.WritableStream>();
