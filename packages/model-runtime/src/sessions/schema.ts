import * as z from 'zod/mini';

/**
 * One entry of sessions.json (spec 01). Loose: keys written by upstream's gateway (channel,
 * transcript, token counts...) survive our writes.
 */
export const SessionEntrySchema = z.looseObject({
  sessionId: z.string().check(z.minLength(1)),
  updatedAt: z.number(),
  modelOverride: z.optional(z.string()),
  providerOverride: z.optional(z.string()),
  authProfileOverride: z.optional(z.string()),
  authProfileOverrideSource: z.optional(z.enum(['user', 'auto'])),
  authProfileOverrideCompactionCount: z.optional(z.number()),
  compactionCount: z.optional(z.number()),
});

export type SessionEntry = z.infer<typeof SessionEntrySchema>;

/** The whole file: session key -> entry (entries kept as raw objects so nothing is lost). */
export type SessionsFile = Record<string, Record<string, unknown>>;

/** The entry as our code reads it, or undefined when it is missing or has a wrong shape. @throws never */
export function viewEntry(raw: unknown): SessionEntry | undefined {
  const parsed = SessionEntrySchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
