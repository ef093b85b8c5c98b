/** Lower-case a provider id (provider ids are compared case-insensitively). */
export function normalizeProvider(p: string): string {
  return p.trim().toLowerCase();
}
