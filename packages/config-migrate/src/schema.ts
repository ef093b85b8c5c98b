import { SecretsConfigSchema } from '@clawdbot-auth/secrets';
import * as z from 'zod';

// Only the parts of clawdbot.json this project owns are described here. Every object is a
// loose object: keys we do not know (other Clawdbot features, newer upstream keys) are
// kept through load and save, at every level.

/** `{ primary?, fallbacks? }` as used by `agents.defaults.model` and `imageModel`. */
export const ModelListSchema = z.looseObject({
  primary: z.string().optional(),
  fallbacks: z.array(z.string()).optional(),
});

/** `auth.profiles.<id>`: routing metadata only, never a secret. */
export const AuthProfileConfigSchema = z.looseObject({
  provider: z.string(),
  mode: z.enum(['api_key', 'oauth', 'token']),
  email: z.string().optional(),
});

const hours = z.number().positive();

/** `auth.cooldowns`: billing back-off and failure window, in hours. */
export const CooldownConfigSchema = z.looseObject({
  billingBackoffHours: hours.optional(),
  billingBackoffHoursByProvider: z.record(z.string(), hours).optional(),
  billingMaxHours: hours.optional(),
  failureWindowHours: hours.optional(),
});

/** `auth.secrets`: where new secret bytes go (`file`, today's 0600 store, unless the user opts in). */
export const AuthSecretsConfigSchema = z.looseObject({
  storage: z.enum(['keyring', 'file']).optional(),
});

/**
 * `auth.sync`: whether Claude Code's (`claudeCode`) and Codex CLI's (`codex`) logins are
 * imported. Absent: on, and a login the user removed stays out. `false`: never imported.
 * `true`: on, and a login the user removed comes back.
 */
export const SyncConfigSchema = z.looseObject({
  claudeCode: z.boolean().optional(),
  codex: z.boolean().optional(),
});

export const AuthConfigSchema = z.looseObject({
  profiles: z.record(z.string(), AuthProfileConfigSchema).optional(),
  sync: SyncConfigSchema.optional(),
  order: z.record(z.string(), z.array(z.string())).optional(),
  cooldowns: CooldownConfigSchema.optional(),
  secrets: AuthSecretsConfigSchema.optional(),
});

/** `env`: `shellEnv`, `vars`, and any other string-valued key is a variable too. */
export const EnvConfigSchema = z.looseObject({
  shellEnv: z
    .looseObject({
      enabled: z.boolean().optional(),
      timeoutMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
  vars: z.record(z.string(), z.string()).optional(),
});

export const AgentEntrySchema = z.looseObject({
  id: z.string().min(1),
  default: z.boolean().optional(),
  model: z.union([z.string(), ModelListSchema]).optional(),
  agentDir: z.string().optional(),
});

export const AgentDefaultsSchema = z.looseObject({
  model: ModelListSchema.optional(),
  imageModel: ModelListSchema.optional(),
  /** Keys are model refs (`provider/model`); also the allow-list for `/model`. */
  models: z.record(z.string(), z.looseObject({ alias: z.string().optional() })).optional(),
});

export const AgentsConfigSchema = z.looseObject({
  defaults: AgentDefaultsSchema.optional(),
  list: z.array(AgentEntrySchema).optional(),
});

export const ProviderConfigSchema = z.looseObject({
  baseUrl: z.string().optional(),
  apiKey: z.string().optional(),
  api: z.string().optional(),
});

export const ModelsConfigSchema = z.looseObject({
  providers: z.record(z.string(), ProviderConfigSchema).optional(),
});

/** The whole of clawdbot.json as far as we validate it; unknown keys are kept. */
export const ConfigSchema = z
  .looseObject({
    auth: AuthConfigSchema.optional(),
    env: EnvConfigSchema.optional(),
    agents: AgentsConfigSchema.optional(),
    models: ModelsConfigSchema.optional(),
    /** `secrets.providers.<name>` and `secrets.defaults` (secret references, as upstream) */
    secrets: SecretsConfigSchema.optional(),
  })
  .describe('Clawdbot config (clawdbot.json, JSON5): the parts owned by clawdbot-auth');

export type ClawdbotConfig = z.infer<typeof ConfigSchema>;
export type AuthProfileConfig = z.infer<typeof AuthProfileConfigSchema>;
export type CooldownConfig = z.infer<typeof CooldownConfigSchema>;
export type AgentEntry = z.infer<typeof AgentEntrySchema>;
export type ModelList = z.infer<typeof ModelListSchema>;
