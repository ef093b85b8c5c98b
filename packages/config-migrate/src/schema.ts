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
 * `auth.store`: where the credential store lives. `file` (default) is
 * `<state>/agents/<id>/agent/auth-profiles.json`; `etcd` shares one state between hosts.
 */
export const StoreConfigSchema = z.looseObject({
  backend: z.enum(['file', 'etcd']),
  /** etcd client URLs, e.g. `http://127.0.0.1:2379` */
  endpoints: z.array(z.string().min(1)).optional(),
  /** key prefix (default `/clawdbot`) */
  prefix: z.string().optional(),
  /** PEM file paths */
  tls: z
    .looseObject({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() })
    .optional(),
  /** etcd user; the password is read from the environment variable `passwordEnv` */
  auth: z.looseObject({ user: z.string().min(1), passwordEnv: z.string().min(1) }).optional(),
  /** the sealing key (default `<state>/auth-store.key`, created 0600 on first use) */
  keyFile: z.string().optional(),
  /** bound on every etcd call in ms (default 5000) */
  timeoutMs: z.number().int().positive().optional(),
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
  store: StoreConfigSchema.optional(),
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
export type StoreConfig = z.infer<typeof StoreConfigSchema>;
export type CooldownConfig = z.infer<typeof CooldownConfigSchema>;
export type AgentEntry = z.infer<typeof AgentEntrySchema>;
export type ModelList = z.infer<typeof ModelListSchema>;
