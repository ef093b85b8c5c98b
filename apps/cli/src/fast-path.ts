/**
 * Start-up fast path: nothing yet routes around oclif. Returns undefined to let oclif run.
 */
export async function tryFastPath(_argv: readonly string[]): Promise<number | undefined> {
  return undefined;
}
