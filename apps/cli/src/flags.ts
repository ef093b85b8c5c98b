import { Flags } from '@oclif/core';

/** Shared flags, declared once. */
export const agentFlag = Flags.string({
  description: "Agent whose store to use (default: the configured default agent, 'main').",
  helpValue: '<id>',
});

/** The conversation of `agent` / `chat`. */
export const sessionFlag = Flags.string({
  description: 'Session key (default agent:<agentId>:main).',
  helpValue: '<key>',
});

/** Deadline of each model request (`agent` / `chat`). */
export const modelTimeoutFlag = Flags.integer({
  description: 'Deadline of each model request in ms (default 60000).',
  env: 'CLAWDBOT_MODEL_TIMEOUT_MS',
  min: 1,
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

export { normalizeProvider } from './provider-id.js';
