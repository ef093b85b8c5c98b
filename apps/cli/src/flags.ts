import { Flags } from '@oclif/core';

/** Shared flags, declared once. */
export const agentFlag = Flags.string({
  description: "Agent whose store to use (default: the configured default agent, 'main').",
  helpValue: 'id',
});

/** A provider id; normalized to lower case by the commands. */
export const providerFlag = (opts: { required?: boolean; description?: string } = {}) =>
  Flags.string({
    description: opts.description ?? 'Provider id (anthropic, openai, openrouter, ...).',
    helpValue: 'name',
    required: opts.required ?? false,
  }) as ReturnType<typeof Flags.string>;

export const profileIdFlag = (description = 'Auth profile id (<provider>:<name>).') =>
  Flags.string({ description, helpValue: 'id' });

/** Lower-case a provider id (provider ids are compared case-insensitively). */
export function normalizeProvider(p: string): string {
  return p.trim().toLowerCase();
}
