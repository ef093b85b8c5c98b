import { Flags } from '@oclif/core';

/** Shared flags, declared once. */
export const agentFlag = Flags.string({
  description: "Agent whose store to use (default: the configured default agent, 'main').",
  helpValue: '<id>',
});

/** Rejects an empty or blank provider id (a usage error naming the flag). */
async function nonBlank(input: string): Promise<string> {
  if (!input.trim()) throw new Error('a provider id such as anthropic is needed, got an empty value');
  return input;
}

/** A required provider id; commands lower-case it. */
export const requiredProviderFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: nonBlank,
  required: true,
});

/** An optional provider id. */
export const providerFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: nonBlank,
});

export const profileIdFlag = Flags.string({
  description: 'Auth profile id (<provider>:<name>).',
  helpValue: '<id>',
});

/** Lower-case a provider id (provider ids are compared case-insensitively). */
export function normalizeProvider(p: string): string {
  return p.trim().toLowerCase();
}
