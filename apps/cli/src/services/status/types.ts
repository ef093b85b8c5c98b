/**
 * The `models status --json` document. Upstream's keys first, in upstream's order; ours
 * (`version`, `origin`, `fingerprint`, `refreshable`, `dead`, `problems`, ...) after them.
 * schemas/models-status.schema.json describes it (a test validates real output against it).
 */
export const STATUS_SCHEMA_VERSION = 1;

export interface EnvOriginJson {
  kind: 'process' | 'cwd-dotenv' | 'state-dotenv' | 'config-env' | 'login-shell';
  path?: string;
}

export interface ProviderJson {
  provider: string;
  effective: { kind: 'profiles' | 'env' | 'models.json' | 'missing'; detail: string };
  profiles: {
    count: number;
    oauth: number;
    token: number;
    apiKey: number;
    labels: string[];
    /** ours: where each profile's secret lives ('file', 'keyring', 'ref:<provider>') */
    locations: Record<string, string>;
  };
  env?: { value: string; source: string; origin: EnvOriginJson; fingerprint: string };
  /** a config `models.providers.<p>.apiKey` (upstream's key name: it copies config to models.json) */
  modelsJson?: { value: string; source: string; fingerprint: string };
  /** ours: the order the resolver would try, and where that order comes from */
  order: { source: string; ids: string[] };
  /** ours: the credential the next request uses (profile id, env variable or config key), null when none */
  nextUsed: string | null;
  /** ours: every candidate, in try order, with why it is or is not the one used */
  candidates: CandidateJson[];
}

export interface CandidateJson {
  id: string;
  kind: 'profile' | 'env' | 'config';
  source: string;
  eligible: boolean;
  next: boolean;
  /** why it is not used: excluded_by_auth_order, missing_credential, expired, cooldown, ... */
  reasonCode?: string;
  remainingMs?: number;
  /** the one command that changes it, and why */
  run?: string;
  why?: string;
}

export interface UnusableJson {
  profileId: string;
  provider: string;
  kind: string;
  reason: string;
  /** unresolved_ref: the provider that failed and why (never resolver output) */
  detail?: string;
  until?: number;
  remainingMs?: number;
}

export interface OAuthProfileJson {
  profileId: string;
  provider: string;
  type: 'oauth' | 'token';
  status: 'ok' | 'expiring' | 'expired' | 'refreshable' | 'static';
  expiresAt?: number;
  remainingMs?: number;
  source: string;
  label: string;
  fingerprint: string;
  refreshable: boolean;
  dead: boolean;
  /** ours: a request could use it now */
  eligible: boolean;
  /** ours: why not (see CandidateJson.reasonCode) */
  reasonCode?: string;
}

export interface OAuthProviderJson {
  provider: string;
  status: 'ok' | 'expiring' | 'expired' | 'refreshable' | 'missing';
  profiles: OAuthProfileJson[];
  expiresAt?: number;
  remainingMs?: number;
}

export interface ProblemJson {
  /** the file, shown with ~ */
  path: string;
  message: string;
}

export type ProbeStatus = 'ok' | 'auth' | 'rate_limit' | 'billing' | 'timeout' | 'format' | 'unknown';

export interface ProbeJson {
  provider: string;
  profileId: string;
  source: string;
  status: ProbeStatus;
  latencyMs?: number;
  httpStatus?: number;
  message?: string;
  model: string;
}

export interface StatusJson {
  configPath: string;
  agentDir: string;
  defaultModel: string;
  resolvedDefault: string;
  fallbacks: string[];
  imageModel: string | null;
  imageFallbacks: string[];
  aliases: Record<string, string>;
  allowed: string[];
  auth: {
    storePath: string;
    /** ours: where the store lives, `file` or `etcd` (storePath is then the etcd URL and prefix) */
    storeBackend: 'file' | 'etcd';
    shellEnvFallback: { enabled: boolean; appliedKeys: string[] };
    providersWithOAuth: string[];
    missingProvidersInUse: string[];
    providers: ProviderJson[];
    unusableProfiles: UnusableJson[];
    oauth: { warnAfterMs: number; profiles: OAuthProfileJson[]; providers: OAuthProviderJson[] };
    /** ours: Claude Code / Codex files that exist but cannot be used, invalid store entries */
    problems: ProblemJson[];
    /** ours: fix commands for missing providers */
    missingHints: Record<string, string>;
  };
  probes?: ProbeJson[];
  version: number;
  /** ours: the `--check` exit code for this report */
  check: 0 | 1 | 2;
}
