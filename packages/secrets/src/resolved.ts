/**
 * Every secret value this process has resolved (keyring items, env, file and exec refs). A
 * provider's error or a child's output may echo any of them, and the scrubbers that keep
 * secrets out of what is printed, stored and journaled only know what they are told: the
 * store's inline values and the environment. In memory only, never written anywhere.
 */
const seen = new Set<string>();

/** Records `value` as a secret of this process and returns it. @throws never */
export function rememberResolved(value: string): string {
  if (value.trim() !== '') seen.add(value);
  return value;
}

/** The secrets this process has resolved so far. @throws never */
export function resolvedSecrets(): string[] {
  return [...seen];
}
