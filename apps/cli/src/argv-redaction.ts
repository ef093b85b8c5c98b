import { secretArguments } from '@clawdbot-auth/auth-store/secret-shape';

type Writable = Pick<NodeJS.WriteStream, 'write'>;

/** `text` with each of `secrets` replaced by its redacted form (`secrets` longest first). */
export function scrubArguments(text: string, replacements: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [secret, shown] of replacements) if (out.includes(secret)) out = out.split(secret).join(shown);
  return out;
}

/**
 * A secret typed in the wrong place (`paste-token sk-ant-…`, `--profile-id <key>`) must not come
 * back in an error, a warning or a --json document: every secret-looking command-line value is
 * replaced by its redacted form in everything this process writes to stdout and stderr. Costs
 * nothing when no argument looks like a secret (the redactor is loaded only then).
 */
export async function redactArgumentsInOutput(
  argv: readonly string[],
  streams: Writable[] = [process.stdout, process.stderr],
): Promise<void> {
  const secrets = secretArguments(argv).sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return;
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
