import { KeyringLocationSchema, SecretRefSchema } from '@clawdbot-auth/secrets';
import * as z from 'zod/mini';

/**
 * The shapes of auth-profiles.json (spec 01). These schemas are the single source of the
 * file's shape: types are inferred from them and the JSON Schema is generated from them.
 * Every object is loose: keys upstream (or a newer version of us) wrote survive a write.
 */

const ms = z.number();

/**
 * Our per-entry extras, under a key upstream ignores: the fingerprint status shows for a
 * secret that is not in the file (behind a ref), so status never has to resolve it.
 */
export const EntryExtrasSchema = z.lazy(() =>
  z.looseObject({
    fingerprint: z.optional(z.string()),
    /** the secret bytes are in the OS keyring at this item, not in the file */
    keyring: z.optional(KeyringLocationSchema),
    /**
     * A keyring item of ours this entry no longer uses (its secret was moved back into the file):
     * `secrets migrate` and `models auth remove` delete it, then drop this key.
     */
    staleKeyring: z.optional(KeyringLocationSchema),
  }),
);

const base = {
  provider: z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
  clawdbot: z.optional(EntryExtrasSchema),
};

/** `key` inline, or `keyRef` pointing at it (env, file, exec; as later upstream). A ref wins. */
export const ApiKeyCredentialSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('api_key'),
    key: z.optional(z.string()),
    keyRef: z.optional(SecretRefSchema),
    ...base,
  }),
);
/** `token` inline, or `tokenRef`; `expires` applies to either. */
export const TokenCredentialSchema = z.lazy(() =>
  z.looseObject({
    type: z.literal('token'),
    token: z.optional(z.string()),
    tokenRef: z.optional(SecretRefSchema),
    expires: z.optional(ms),
    ...base,
  }),
);
export const OAuthCredentialSchema = z.lazy(() =>
  z
    .looseObject({
      type: z.literal('oauth'),
      access: z.string(),
      refresh: z.string(),
      expires: ms,
      accountId: z.optional(z.string()),
      projectId: z.optional(z.string()),
      enterpriseUrl: z.optional(z.string()),
      clientId: z.optional(z.string()),
      ...base,
    })
    .check(
      z.superRefine((cred, ctx) => {
        // As upstream: rotating OAuth material is never read through a reference.
        for (const key of ['keyRef', 'tokenRef', 'accessRef', 'refreshRef']) {
          if (key in cred)
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: 'oauth profiles take no secret references',
            });
        }
      }),
    ),
);

export const CredentialSchema = z.lazy(() =>
  z.discriminatedUnion('type', [ApiKeyCredentialSchema, TokenCredentialSchema, OAuthCredentialSchema]),
);

export const FAILURE_REASONS = ['auth', 'format', 'rate_limit', 'billing', 'timeout', 'unknown'] as const;
export const FailureReasonSchema = z.enum(FAILURE_REASONS);

export const UsageStatsSchema = z.lazy(() =>
  z.looseObject({
    lastUsed: z.optional(ms),
    errorCount: z.optional(z.int().check(z.nonnegative())),
    lastFailureAt: z.optional(ms),
    cooldownUntil: z.optional(ms),
    disabledUntil: z.optional(ms),
    disabledReason: z.optional(z.string()),
    failureCounts: z.optional(z.record(z.string(), z.number())),
  }),
);

/**
 * Fields of ours live under `clawdbot` keys that upstream ignores, so upstream still reads
 * our files: a dead marker for a revoked refresh token, and removal tombstones.
 */
export const DeadMarkerSchema = z.lazy(() =>
  z.looseObject({
    at: ms,
    reason: z.string(),
    /** fingerprint of the refresh token that was revoked; a new token clears the mark */
    refreshFingerprint: z.string(),
  }),
);

export const StoreExtrasSchema = z.lazy(() =>
  z.looseObject({
    dead: z.optional(z.record(z.string(), DeadMarkerSchema)),
    /** profile id -> what names the login the user removed (claude-sync's grantFingerprint; not re-imported by sync) */
    tombstones: z.optional(z.record(z.string(), z.string())),
  }),
);

/** The file as a whole. `profiles` values are checked one by one (see parse-store.ts). */
export const AuthStoreSchema = z.lazy(() =>
  z.looseObject({
    version: z._default(z.int(), 1),
    profiles: z._default(z.record(z.string(), CredentialSchema), {}),
    order: z.optional(z.record(z.string(), z.array(z.string()))),
    lastGood: z.optional(z.record(z.string(), z.string())),
    usageStats: z.optional(z.record(z.string(), UsageStatsSchema)),
    clawdbot: z.optional(StoreExtrasSchema),
  }),
);

export type EntryExtras = z.infer<typeof EntryExtrasSchema>;
export type ApiKeyCredential = z.infer<typeof ApiKeyCredentialSchema>;
export type TokenCredential = z.infer<typeof TokenCredentialSchema>;
export type OAuthCredential = z.infer<typeof OAuthCredentialSchema>;
export type Credential = z.infer<typeof CredentialSchema>;
export type CredentialType = Credential['type'];
export type FailureReason = z.infer<typeof FailureReasonSchema>;
export type UsageStats = z.infer<typeof UsageStatsSchema>;
export type DeadMarker = z.infer<typeof DeadMarkerSchema>;
export type AuthStore = z.infer<typeof AuthStoreSchema>;
