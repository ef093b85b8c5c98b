import { secretArguments } from '@clawdbot-auth/auth-store/secret-shape';

type Writable = Pick<NodeJS.WriteStream, 'write'>;

/**
 * `text` with each of `secrets` replaced by its redacted form (`secrets` longest first), in any
 * letter case: an id normaliser lower-cases what it was given (`--agent=<key>` shows up as a
 * lower-cased agent directory), and that copy is as much of a leak as the original.
 */
export function scrubArguments(text: string, replacements: readonly (readonly [string, string])[]): string {
  if (replacements.length === 0) return text;
  const shown = new Map(replacements.map(([secret, redacted]) => [secret.toLowerCase(), redacted]));
  const any = new RegExp(replacements.map(([s]) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return text.replace(any, (m) => shown.get(m.toLowerCase()) ?? m);
}

/**
 * A secret typed in the wrong place (`paste-token sk-ant-…`, `--profile-id <key>`) must not come
 * back in an error, a warning or a --json document: every secret-looking command-line value is
 * replaced by its redacted form in everything this process writes to stdout and stderr. Costs
 * nothing when no argument looks like a secret (the redactor is loaded only then).
 */
export async function redactArgumentsInOutput(argv: readonly string[], given?: Writable[]): Promise<void> {
  const secrets = secretArguments(argv).sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return;
  // node creates each stream on first access: only now, when there is something to redact
  const streams = given ?? [process.stdout, process.stderr];
  const { redactSecret } = await import('@clawdbot-auth/auth-store');
  const replacements = secrets.map((s) => [s, redactSecret(s)] as const);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString('utf8')
            : undefined;
      return write(text === undefined ? chunk : scrubArguments(text, replacements), ...rest);
    }) as Writable['write'];
  }
}
