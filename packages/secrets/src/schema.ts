import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

// zod/mini ships no messages ("Invalid input" for everything): English ones, once, for every
// schema of the project (the setting is global; every package with schemas imports this one).
z.config(en());

/**
 * Secret references and their providers, wire-compatible with later upstream (OpenClaw's
 * SecretRef contract): `{ source, provider, id }` on a credential field, resolved through
 * `secrets.providers.<name>` in clawdbot.json. Upstream's `store` source (its SQLite team
 * store) has no counterpart here and is refused by the schema.
 */

export const SECRET_SOURCES = ['env', 'file', 'exec'] as const;
export type SecretSource = (typeof SECRET_SOURCES)[number];

const PROVIDER_NAME = /^[a-z][a-z0-9_-]{0,63}$/;
const ENV_ID = /^[A-Z][A-Z0-9_]{0,127}$/;
const EXEC_ID = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}$/;

/** The built-in provider name of each source when a ref or `secrets.defaults` names none. */
export const DEFAULT_PROVIDER = 'default';

/** Why an id is not valid for its source, or undefined when it is. */
export function refIdProblem(source: SecretSource, id: string): string | undefined {
  if (source === 'env')
    return ENV_ID.test(id) ? undefined : 'must be an environment variable name (A-Z, 0-9, _)';
  if (source === 'file') {
    return id === 'value' || id.startsWith('/') ? undefined : 'must be a JSON pointer (/a/b) or "value"';
  }
  if (!EXEC_ID.test(id)) return 'must match [A-Za-z0-9][A-Za-z0-9._:/#-]*';
  return id.split('/').some((s) => s === '.' || s === '..') ? 'must not contain . or .. segments' : undefined;
}

/** `{ source, provider, id }`: where a secret lives instead of the store. */
export const SecretRefSchema = z.lazy(() =>
  z
    .object({
      source: z.enum(SECRET_SOURCES),
      provider: z.optional(z.string().check(z.regex(PROVIDER_NAME, 'must match [a-z][a-z0-9_-]*'))),
      id: z.string().check(z.minLength(1)),
    })
    .check(
      z.superRefine((ref, ctx) => {
        const problem = refIdProblem(ref.source, ref.id);
        if (problem)
          ctx.addIssue({ code: 'custom', path: ['id'], message: `${ref.source} ref id ${problem}` });
      }),
    ),
);

const ms = z.int().check(z.positive());
const bytes = z.int().check(z.positive());

/** `secrets.providers.<name>` with `source: "env"`: an optional allow-list of names. */
export const EnvProviderSchema = z.lazy(() =>
  z.looseObject({
    source: z.literal('env'),
    allowlist: z.optional(z.array(z.string())),
  }),
);

/** `source: "file"`: a JSON file read by pointer, or a file holding one value. */
export const FileProviderSchema = z.lazy(() =>
  z.looseObject({
    source: z.literal('file'),
    path: z.string().check(z.minLength(1)),
    mode: z.optional(z.enum(['json', 'singleValue'])),
    timeoutMs: z.optional(ms),
    maxBytes: z.optional(bytes),
  }),
);

/** `source: "exec"`: an absolute command speaking resolver protocol v1, run without a shell. */
export const ExecProviderSchema = z.lazy(() =>
  z.looseObject({
    source: z.literal('exec'),
    command: z.string().check(z.minLength(1)),
    args: z.optional(z.array(z.string())),
    /** names of variables passed through from our environment; nothing else is inherited */
    passEnv: z.optional(z.array(z.string())),
    env: z.optional(z.record(z.string(), z.string())),
    timeoutMs: z.optional(ms),
    maxOutputBytes: z.optional(bytes),
    jsonOnly: z.optional(z.boolean()),
    trustedDirs: z.optional(z.array(z.string())),
  }),
);

export const SecretProviderSchema = z.lazy(() =>
  z.discriminatedUnion('source', [EnvProviderSchema, FileProviderSchema, ExecProviderSchema]),
);

/** `secrets` in clawdbot.json. */
export const SecretsConfigSchema = z.lazy(() =>
  z.looseObject({
    providers: z.optional(z.record(z.string(), SecretProviderSchema)),
    defaults: z.optional(
      z.looseObject({
        env: z.optional(z.string()),
        file: z.optional(z.string()),
        exec: z.optional(z.string()),
      }),
    ),
  }),
);

export type SecretRef = z.infer<typeof SecretRefSchema>;
export type EnvProvider = z.infer<typeof EnvProviderSchema>;
export type FileProvider = z.infer<typeof FileProviderSchema>;
export type ExecProvider = z.infer<typeof ExecProviderSchema>;
export type SecretProvider = z.infer<typeof SecretProviderSchema>;
export type SecretsConfig = z.infer<typeof SecretsConfigSchema>;

/** The provider name a ref resolves through: its own, else `secrets.defaults.<source>`, else `default`. */
export function refProviderName(ref: SecretRef, config: SecretsConfig | undefined): string {
  return ref.provider ?? config?.defaults?.[ref.source] ?? DEFAULT_PROVIDER;
}

/** Where a ref points, as status shows it: `ref:<provider>` (never the id of an exec ref's secret). */
export function refLabel(ref: SecretRef, config?: SecretsConfig): string {
  return `ref:${refProviderName(ref, config)}`;
}
