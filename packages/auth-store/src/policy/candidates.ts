import type { VarOrigin } from '@clawdbot-auth/env-loader';
import type { SecretsConfig } from '@clawdbot-auth/secrets';
import type { Credential, CredentialType } from '../schema.js';
import type { CooldownConfig } from './cooldown.js';

/**
 * The parts of ClawdbotConfig the resolver reads. Structural, so a ClawdbotConfig from
 * @clawdbot-auth/config-migrate (or a raw parsed file) can be passed as is.
 */
export interface ResolverConfig {
  auth?: {
    profiles?: Record<string, { provider?: string; mode?: string; email?: string } | undefined>;
    order?: Record<string, readonly string[] | undefined>;
    cooldowns?: CooldownConfig;
  };
  models?: { providers?: Record<string, { apiKey?: unknown } | undefined> };
  /** `secrets` of clawdbot.json: the default provider names of refs */
  secrets?: SecretsConfig;
}

/** A provider credential found in the environment (env-loader's resolveProviderEnv). */
export interface EnvCredential {
  name: string;
  value: string;
  origin: VarOrigin;
  kind: 'oauth' | 'api_key';
}

/** Why a candidate cannot be used right now. */
export type UnusableReason =
  | 'expired'
  | 'dead'
  | 'cooldown'
  | 'billing'
  | 'disabled'
  | 'mode mismatch'
  | 'empty'
  | 'no token'
  | 'not in order'
  /** its keyRef / tokenRef could not be resolved (upstream's reason code) */
  | 'unresolved_ref';

/** One credential a request could use, in the order it would be tried. */
export interface Candidate {
  /** profile id, env var name, or 'models.providers.<p>.apiKey' */
  id: string;
  kind: 'profile' | 'env' | 'config';
  type: CredentialType;
  /** 'store' | 'claude-cli' | 'codex-cli' | 'env: NAME' | 'config' */
  source: string;
  /** where the secret bytes live: 'file', 'ref:<provider>', 'env', 'config' */
  location?: string;
  origin?: VarOrigin;
  usable: boolean;
  reason?: UnusableReason;
  /** why a ref did not resolve (names provider and cause, never resolver output) */
  refProblem?: string;
  /** end of a cooldown or billing disable */
  until?: number;
  expires?: number;
  fingerprint: string;
  email?: string;
  /** oauth with a refresh token and not dead */
  refreshable: boolean;
  dead: boolean;
  /** read through from the main agent's store */
  inherited?: boolean;
  /** stored for the provider but left out of the order (whatever else is wrong with it) */
  excluded?: boolean;
  /** the session pin, when this candidate is it */
  pinned?: 'user' | 'auto';
}

export type OrderSource = 'store' | 'config' | 'profiles' | 'stored' | 'none';

export interface Resolution {
  provider: string;
  orderSource: OrderSource;
  candidates: Candidate[];
  /** false when the user pinned a profile: the runtime must not rotate away from it */
  rotate: boolean;
}

/** Source label of a stored profile: Claude Code and Codex CLI imports name their origin. */
export function profileSource(profileId: string): string {
  if (profileId === 'anthropic:claude-cli') return 'claude-cli';
  if (profileId === 'openai-codex:codex-cli') return 'codex-cli';
  return 'store';
}

/** Type rank for round robin: oauth, then token, then api_key. */
export function typeRank(type: Credential['type']): number {
  return type === 'oauth' ? 0 : type === 'token' ? 1 : 2;
}

/** Config `mode` accepts the stored type: legacy `token` reads as `oauth`, which also takes `token`. */
export function modeAccepts(mode: string | undefined, type: CredentialType): boolean {
  if (mode === undefined) return true;
  const normalized = mode === 'token' ? 'oauth' : mode;
  return normalized === type || (normalized === 'oauth' && type === 'token');
}
