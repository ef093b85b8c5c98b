import { SecretsConfigSchema } from '@clawdbot-auth/secrets';
import * as z from 'zod/mini';

// Only the parts of clawdbot.json this project owns are described here. Every object is a
// loose object: keys we do not know (other Clawdbot features, newer upstream keys) are
// kept through load and save, at every level.

/** `{ primary?, fallbacks? }` as used by `agents.defaults.model` and `imageModel`. */
export const ModelListSchema = z.lazy(() =>
  z.looseObject({
    primary: z.optional(z.string()),
    fallbacks: z.optional(z.array(z.string())),
  }),
);

/** `auth.profiles.<id>`: routing metadata only, never a secret. */
export const AuthProfileConfigSchema = z.lazy(() =>
  z.looseObject({
    provider: z.string(),
    mode: z.enum(['api_key', 'oauth', 'token']),
    email: z.optional(z.string()),
  }),
);

const hours = z.number().check(z.positive());

/** `auth.cooldowns`: billing back-off and failure window, in hours. */
export const CooldownConfigSchema = z.lazy(() =>
  z.looseObject({
    billingBackoffHours: z.optional(hours),
    billingBackoffHoursByProvider: z.optional(z.record(z.string(), hours)),
    billingMaxHours: z.optional(hours),
    failureWindowHours: z.optional(hours),
  }),
);

/** `auth.secrets`: where new secret bytes go (`file`, today's 0600 store, unless the user opts in). */
export const AuthSecretsConfigSchema = z.lazy(() =>
  z.looseObject({
    storage: z.optional(z.enum(['keyring', 'file'])),
  }),
);

/**
 * `auth.store`: where the credential store lives. `file` (default) is
 * `<state>/agents/<id>/agent/auth-profiles.json`; `etcd` shares one state between hosts.
 */
export const StoreConfigSchema = z.lazy(() =>
  z.looseObject({
    backend: z.enum(['file', 'etcd']),
    /** etcd client URLs, e.g. `http://127.0.0.1:2379` */
    endpoints: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** key prefix (default `/clawdbot`) */
    prefix: z.optional(z.string()),
    /** PEM file paths */
    tls: z.optional(
      z.looseObject({
        ca: z.optional(z.string()),
        cert: z.optional(z.string()),
        key: z.optional(z.string()),
      }),
    ),
    /** etcd user; the password is read from the environment variable `passwordEnv` */
    auth: z.optional(
      z.looseObject({
        user: z.string().check(z.minLength(1)),
        passwordEnv: z.string().check(z.minLength(1)),
      }),
    ),
    /** the sealing key (default `<state>/auth-store.key`, created 0600 on first use) */
    keyFile: z.optional(z.string()),
    /** bound on every etcd call in ms (default 5000) */
    timeoutMs: z.optional(z.int().check(z.positive())),
  }),
);

/**
 * `auth.sync`: whether Claude Code's (`claudeCode`) and Codex CLI's (`codex`) logins are
 * imported. Absent: on, and a login the user removed stays out. `false`: never imported.
 * `true`: on, and a login the user removed comes back.
 */
export const SyncConfigSchema = z.lazy(() =>
  z.looseObject({
    claudeCode: z.optional(z.boolean()),
    codex: z.optional(z.boolean()),
  }),
);

export const AuthConfigSchema = z.lazy(() =>
  z.looseObject({
    store: z.optional(StoreConfigSchema),
    profiles: z.optional(z.record(z.string(), AuthProfileConfigSchema)),
    sync: z.optional(SyncConfigSchema),
    order: z.optional(z.record(z.string(), z.array(z.string()))),
    cooldowns: z.optional(CooldownConfigSchema),
    secrets: z.optional(AuthSecretsConfigSchema),
  }),
);

/** `env`: `shellEnv`, `vars`, and any other string-valued key is a variable too. */
export const EnvConfigSchema = z.lazy(() =>
  z.looseObject({
    shellEnv: z.optional(
      z.looseObject({
        enabled: z.optional(z.boolean()),
        timeoutMs: z.optional(z.int().check(z.nonnegative())),
      }),
    ),
    vars: z.optional(z.record(z.string(), z.string())),
  }),
);

export const AgentEntrySchema = z.lazy(() =>
  z.looseObject({
    id: z.string().check(z.minLength(1)),
    default: z.optional(z.boolean()),
    model: z.optional(z.union([z.string(), ModelListSchema])),
    agentDir: z.optional(z.string()),
  }),
);

export const AgentDefaultsSchema = z.lazy(() =>
  z.looseObject({
    model: z.optional(ModelListSchema),
    imageModel: z.optional(ModelListSchema),
    /** Keys are model refs (`provider/model`); also the allow-list for `/model`. */
    models: z.optional(z.record(z.string(), z.looseObject({ alias: z.optional(z.string()) }))),
  }),
);

export const AgentsConfigSchema = z.lazy(() =>
  z.looseObject({
    defaults: z.optional(AgentDefaultsSchema),
    list: z.optional(z.array(AgentEntrySchema)),
  }),
);

export const ProviderConfigSchema = z.lazy(() =>
  z.looseObject({
    baseUrl: z.optional(z.string()),
    apiKey: z.optional(z.string()),
    api: z.optional(z.string()),
  }),
);

export const ModelsConfigSchema = z.lazy(() =>
  z.looseObject({
    providers: z.optional(z.record(z.string(), ProviderConfigSchema)),
  }),
);

/** The whole of clawdbot.json as far as we validate it; unknown keys are kept. */
export const ConfigSchema = z.lazy(() =>
  z
    .looseObject({
      auth: z.optional(AuthConfigSchema),
      env: z.optional(EnvConfigSchema),
      agents: z.optional(AgentsConfigSchema),
      models: z.optional(ModelsConfigSchema),
      /** `secrets.providers.<name>` and `secrets.defaults` (secret references, as upstream) */
      secrets: z.optional(SecretsConfigSchema),
    })
    .check(z.describe('Clawdbot config (clawdbot.json, JSON5): the parts owned by clawdbot-auth')),
);

export type ClawdbotConfig = z.infer<typeof ConfigSchema>;
export type AuthProfileConfig = z.infer<typeof AuthProfileConfigSchema>;
export type StoreConfig = z.infer<typeof StoreConfigSchema>;
export type CooldownConfig = z.infer<typeof CooldownConfigSchema>;
export type AgentEntry = z.infer<typeof AgentEntrySchema>;
export type ModelList = z.infer<typeof ModelListSchema>;
