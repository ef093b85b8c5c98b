/**
 * A closed pipe (`clawdbot ... | head -1`) is not an error: when the reader goes away, end
 * quietly with the status the command already set (0 unless it failed), no stack, no warning.
 * Call before anything is written; calling it again is a no-op.
 *
 * Without arguments, process.stdout and process.stderr are guarded when first used: node
 * creates each stream on first access (a stream costs a start-up a millisecond or two), and a
 * command that never writes to stderr should not create it.
 */
export function endQuietlyOnClosedPipe(streams?: readonly NodeJS.WritableStream[]): void {
  if (streams) {
    for (const stream of streams) guard(stream);
    return;
  }
  for (const name of ['stdout', 'stderr'] as const) guardOnFirstUse(name);
}

function guard(stream: NodeJS.WritableStream): void {
  const marked = stream as NodeJS.WritableStream & { [GUARDED]?: true };
  if (marked[GUARDED]) return;
  marked[GUARDED] = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

/** Wraps node's lazy `process[name]` getter so the stream is guarded the moment it exists. */
function guardOnFirstUse(name: 'stdout' | 'stderr'): void {
  const desc = Object.getOwnPropertyDescriptor(process, name);
  const get = desc?.get as ((this: NodeJS.Process) => NodeJS.WriteStream) & { [GUARDED]?: true };
  if (!desc || !get || !desc.configurable) {
    guard(process[name]); // not node's lazy getter: guard it now
    return;
  }
  if (get[GUARDED]) return;
  const guarded = function (this: NodeJS.Process) {
    const stream = get.call(this);
    guard(stream);
    return stream;
  } as typeof get;
  guarded[GUARDED] = true;
  Object.defineProperty(process, name, { ...desc, get: guarded });
}

// A mark on the stream itself, not a module-level set: the CLI's start-up bundle holds its own
// copy of this module, and the oclif path that may follow it must see the stream as guarded.
const GUARDED = Symbol.for('clawdbot-auth.closed-pipe-guard');
