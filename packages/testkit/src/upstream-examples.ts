import { fileURLToPath } from 'node:url';

/**
 * The recorded upstream runs kept in this package (upstream-examples/, see its README):
 * `$CLAWDBOT_SPEC_EXAMPLES` when set (another copy of the specification's spec/examples),
 * else the copy here. Resolved from this module, so no test names an absolute path.
 */
export function upstreamExamplesDir(env: Record<string, string | undefined> = process.env): string {
  const other = env.CLAWDBOT_SPEC_EXAMPLES?.trim();
  return other || fileURLToPath(new URL('../upstream-examples', import.meta.url));
}
