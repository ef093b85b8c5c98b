import { normalizeProviderId } from '@clawdbot-auth/env-loader';
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

/** env-loader's provider-id rule at parse time (a usage error naming the flag). */
async function providerId(input: string): Promise<string> {
  try {
    return normalizeProviderId(input);
  } catch {
    throw new Error(
      `a provider id such as anthropic, openai or openrouter is needed, got ${JSON.stringify(input)}`,
    );
  }
}

/** A required provider id; commands lower-case it. */
export const requiredProviderFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: providerId,
  required: true,
});

/** An optional provider id. */
export const providerFlag = Flags.string({
  description: 'Provider id (anthropic, openai, openrouter, ...).',
  helpValue: '<name>',
  parse: providerId,
});

export const profileIdFlag = Flags.string({
  description: 'Auth profile id (<provider>:<name>).',
  helpValue: '<id>',
});

/** A provider id as every package compares it (env-loader's rule). @throws INVALID_PROVIDER_ID */
export function normalizeProvider(p: string): string {
  return normalizeProviderId(p);
}
