import {
  type Candidate,
  type Credential,
  checkExitCode,
  displayFingerprint,
  formatRemaining,
  primarySecret,
  redactSecret,
  secretLocation,
} from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import { resolveModelSettings } from '@clawdbot-auth/config-migrate';
import {
  type CandidatePicture,
  recoveryCommand,
  recoveryFor,
  recoveryLine,
} from '@clawdbot-auth/credentials';
import type { StatusFacts } from './collect.js';
import { oauthSection, profilesOf } from './oauth-section.js';
import {
  type CandidateJson,
  type ProviderJson,
  STATUS_SCHEMA_VERSION,
  type StatusJson,
  type UnusableJson,
} from './types.js';

function cooldownTag(c: Candidate | undefined, now: number): string {
  if (!c || c.until === undefined) return '';
  const left = formatRemaining(c.until - now);
  return c.reason === 'cooldown'
    ? ` [cooldown ${left}]`
    : ` [disabled:${c.reason === 'billing' ? 'billing' : 'disabled'} ${left}]`;
}

/**
 * Upstream's label of a stored profile: key shown redacted, OAuth by name (+ email). A
 * secret behind a ref shows where it lives and the fingerprint kept in the store.
 */
function profileLabel(id: string, cred: Credential, location: string): string {
  if (cred.type === 'oauth') return `${id}=OAuth${cred.email ? ` (${cred.email})` : ''}`;
  const print = displayFingerprint(cred);
  const shown =
    location === 'file' ? redactSecret(primarySecret(cred)) : `${location}${print ? ` #${print}` : ''}`;
  return cred.type === 'token' ? `${id}=token:${shown}` : `${id}=${shown}`;
}

function envJson(facts: StatusFacts, provider: string): ProviderJson['env'] {
  const found = facts.envByProvider.get(provider);
  if (!found) return undefined;
  const shell = found.origin.kind === 'login-shell';
  const origin =
    'path' in found.origin
      ? { kind: found.origin.kind, path: displayPath(facts.env.ctx.homedir, found.origin.path) }
      : { kind: found.origin.kind };
  const { fingerprint } = firstByProvider(facts.resolutions)
    .get(provider)
    ?.candidates.find((c) => c.kind === 'env') ?? { fingerprint: '' };
  return {
    value: found.kind === 'oauth' ? 'OAuth (env)' : redactSecret(found.value),
    source: `${shell ? 'shell env' : 'env'}: ${found.name}`,
    origin,
    fingerprint,
  };
}

const providerIndexes = new WeakMap<object, Map<string, unknown>>();

/** The first item of each provider in a list (status looks up every provider: made once per list). */
function firstByProvider<T extends { provider: string }>(list: readonly T[]): Map<string, T> {
  let index = providerIndexes.get(list) as Map<string, T> | undefined;
  if (!index) {
    index = new Map();
    for (const item of list) if (!index.has(item.provider)) index.set(item.provider, item);
    providerIndexes.set(list, index);
  }
  return index;
}

function providerJson(facts: StatusFacts, provider: string): ProviderJson {
  const entries = profilesOf(facts, provider);
  const resolution = firstByProvider(facts.resolutions).get(provider);
  const picture = firstByProvider(facts.pictures).get(provider);
  const byId = new Map(resolution?.candidates.map((c) => [c.id, c]));
  const count = (t: Credential['type']) => entries.filter(([, c]) => c.type === t).length;
  const env = envJson(facts, provider);
  const configKey = configKeyJson(
    facts,
    provider,
    resolution?.candidates.find((c) => c.kind === 'config'),
  );
  const location = (id: string, c: Credential) =>
    byId.get(id)?.location ?? secretLocation(c, facts.env.loaded.config.secrets);
  const storeDetail = displayPath(facts.env.ctx.homedir, facts.storePath);
  const effective: ProviderJson['effective'] = entries.length
    ? { kind: 'profiles', detail: storeDetail }
    : env
      ? { kind: 'env', detail: env.value }
      : configKey
        ? { kind: 'models.json', detail: configKey.value }
        : { kind: 'missing', detail: '-' };
  const out: ProviderJson = {
    provider,
    effective,
    profiles: {
      count: entries.length,
      oauth: count('oauth'),
      token: count('token'),
      apiKey: count('api_key'),
      labels: entries.map(
        ([id, c]) => profileLabel(id, c, location(id, c)) + cooldownTag(byId.get(id), facts.now),
      ),
      locations: Object.fromEntries(entries.map(([id, c]) => [id, location(id, c)])),
    },
    order: {
      source: resolution?.orderSource ?? 'none',
      ids: (resolution?.candidates ?? []).filter((c) => c.usable).map((c) => c.id),
    },
    nextUsed: picture?.nextUsed ?? null,
    candidates: (picture?.candidates ?? []).map(candidateJson),
  };
  if (env) out.env = env;
  if (configKey) out.modelsJson = configKey;
  return out;
}

function candidateJson(c: CandidatePicture): CandidateJson {
  const out: CandidateJson = { id: c.id, kind: c.kind, source: c.source, eligible: c.eligible, next: c.next };
  if (c.reasonCode) out.reasonCode = c.reasonCode;
  if (c.remainingMs !== undefined) out.remainingMs = c.remainingMs;
  if (c.recovery) Object.assign(out, { run: recoveryCommand(c.recovery), why: c.recovery.why });
  return out;
}

/**
 * A key in config `models.providers.<p>.apiKey`. Upstream copies it to the agent's models.json
 * and labels it so; we keep its keys (`models.json`, `modelsJson`) and name the real source.
 */
function configKeyJson(
  facts: StatusFacts,
  provider: string,
  candidate: Candidate | undefined,
): ProviderJson['modelsJson'] {
  if (!candidate) return undefined;
  const providers = facts.env.loaded.config.models?.providers ?? {};
  const entry = Object.entries(providers).find(([p]) => p.toLowerCase() === provider)?.[1] as
    | { apiKey?: unknown }
    | undefined;
  const key = typeof entry?.apiKey === 'string' ? entry.apiKey : '';
  const file = displayPath(facts.env.ctx.homedir, facts.env.loaded.path);
  return {
    value: redactSecret(key),
    source: `config: ${file} (${candidate.id})`,
    fingerprint: candidate.fingerprint,
  };
}

function unusable(facts: StatusFacts): UnusableJson[] {
  return facts.resolutions.flatMap((r) =>
    r.candidates
      .filter((c) => c.kind === 'profile' && (c.until !== undefined || c.reason === 'unresolved_ref'))
      .map((c): UnusableJson => {
        const base = { profileId: c.id, provider: r.provider };
        if (c.reason === 'unresolved_ref') {
          return { ...base, kind: 'unresolved_ref', reason: 'unresolved_ref', detail: c.refProblem ?? '' };
        }
        const timing = { until: c.until!, remainingMs: c.until! - facts.now };
        return c.reason === 'cooldown'
          ? { ...base, kind: 'cooldown', ...timing, reason: 'cooldown' }
          : { ...base, kind: 'disabled', reason: c.reason === 'billing' ? 'billing' : 'disabled', ...timing };
      }),
  );
}

/** The primary model as written in config (an alias stays an alias); upstream shows both. */
function configuredPrimary(config: StatusFacts['env']['loaded']['config']): string | undefined {
  const model = (config as { agents?: { defaults?: { model?: unknown } } }).agents?.defaults?.model;
  if (typeof model === 'string') return model;
  const primary = (model as { primary?: unknown } | undefined)?.primary;
  return typeof primary === 'string' ? primary : undefined;
}

/** The `models status --json` document from the gathered facts. */
export function buildStatusJson(facts: StatusFacts): StatusJson {
  const { config } = facts.env.loaded;
  const m = resolveModelSettings(config);
  const names = facts.resolutions.map((r) => r.provider);
  const providers = names
    .map((p) => providerJson(facts, p))
    .filter((p) => p.profiles.count || p.env || p.modelsJson);
  const withOAuth = providers
    .map(
      (p) =>
        [p.provider, p.profiles.oauth + p.profiles.token + (p.env?.value === 'OAuth (env)' ? 1 : 0)] as const,
    )
    .filter(([, n]) => n > 0)
    .map(([p, n]) => `${p} (${n})`);
  const missing = facts.report.missingProvidersInUse;
  return {
    configPath: facts.env.loaded.path,
    agentDir: facts.agentDir,
    defaultModel: configuredPrimary(config) ?? m.primary,
    resolvedDefault: m.primary,
    fallbacks: m.fallbacks,
    imageModel: m.imageModel,
    imageFallbacks: m.imageFallbacks,
    aliases: m.aliases,
    allowed: m.allowed,
    auth: {
      storePath: facts.storePath,
      storeBackend: facts.storeBackend,
      shellEnvFallback: {
        enabled: facts.env.loaded.env.shell.enabled,
        appliedKeys: facts.env.loaded.env.shell.appliedKeys,
      },
      providersWithOAuth: withOAuth,
      missingProvidersInUse: missing,
      providers,
      unusableProfiles: unusable(facts),
      oauth: oauthSection(facts, names),
      problems: facts.problems,
      missingHints: Object.fromEntries(
        missing.map((p) => [p, recoveryLine(recoveryFor({ kind: 'missing_credential', provider: p }))]),
      ),
    },
    version: STATUS_SCHEMA_VERSION,
    check: checkExitCode(facts.report),
  };
}
