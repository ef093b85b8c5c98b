import {
  type Credential,
  DEFAULT_WARN_MS,
  isProfileDead,
  profileHealth,
  profileSource,
} from '@clawdbot-auth/auth-store';
import type { StatusFacts } from './collect.js';
import type { OAuthProfileJson, OAuthProviderJson, StatusJson } from './types.js';

type Entry = [string, Credential];

const STATUS_RANK: Record<OAuthProviderJson['status'], number> = {
  missing: 0,
  ok: 1,
  refreshable: 2,
  expiring: 3,
  expired: 4,
};

export function profilesOf(facts: StatusFacts, provider: string): Entry[] {
  return Object.entries(facts.store.profiles).filter(([, c]) => c.provider.trim().toLowerCase() === provider);
}

function oauthProfileJson(facts: StatusFacts, id: string, cred: Credential): OAuthProfileJson {
  const dead = isProfileDead(facts.store, id, cred);
  const h = profileHealth(cred, facts.now, DEFAULT_WARN_MS, { dead });
  const candidate = facts.resolutions.flatMap((r) => r.candidates).find((c) => c.id === id);
  const out: OAuthProfileJson = {
    profileId: id,
    provider: cred.provider.trim().toLowerCase(),
    type: cred.type as OAuthProfileJson['type'],
    status: h.status === 'missing' ? 'expired' : h.status,
    source: profileSource(id),
    label: cred.email ? `${id} (${cred.email})` : id,
    fingerprint: candidate?.fingerprint ?? '',
    refreshable: h.refreshable,
    dead,
    eligible: false,
  };
  const seen = facts.pictures.flatMap((p) => p.candidates).find((c) => c.id === id);
  if (seen) {
    out.eligible = seen.eligible;
    if (seen.reasonCode) out.reasonCode = seen.reasonCode;
  }
  if (h.expiresAt !== undefined) {
    out.expiresAt = h.expiresAt;
    out.remainingMs = h.remainingMs ?? h.expiresAt - facts.now;
  }
  return reorder(out);
}

/** Keep upstream's key order (expiresAt/remainingMs before source) for readable diffs. */
function reorder(p: OAuthProfileJson): OAuthProfileJson {
  const { profileId, provider, type, status, expiresAt, remainingMs, source, label, ...ours } = p;
  const head: Record<string, unknown> = { profileId, provider, type, status };
  if (expiresAt !== undefined) Object.assign(head, { expiresAt, remainingMs });
  return { ...head, source, label, ...ours } as OAuthProfileJson;
}

export function oauthSection(facts: StatusFacts, providerNames: string[]): StatusJson['auth']['oauth'] {
  const withTokens = providerNames.filter((p) => profilesOf(facts, p).some(([, c]) => c.type !== 'api_key'));
  const profiles = withTokens.flatMap((p) =>
    profilesOf(facts, p)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, c]) => oauthProfileJson(facts, id, c)),
  );
  const names = [...new Set([...facts.report.providersInUse, ...withTokens])].sort();
  const providers = names.map((provider): OAuthProviderJson => {
    const own = profiles.filter((p) => p.provider === provider && p.type !== ('api_key' as string));
    const worst = own.reduce<OAuthProviderJson['status']>(
      (acc, p) => {
        const s = p.status === 'static' ? 'ok' : p.status;
        return STATUS_RANK[s] > STATUS_RANK[acc] ? s : acc;
      },
      own.length ? 'ok' : 'missing',
    );
    const out: OAuthProviderJson = {
      provider,
      status: worst,
      profiles: profiles.filter((p) => p.provider === provider),
    };
    const timed = own.filter((p) => p.expiresAt !== undefined).sort((a, b) => a.expiresAt! - b.expiresAt!);
    if (timed[0]) Object.assign(out, { expiresAt: timed[0].expiresAt, remainingMs: timed[0].remainingMs });
    return out;
  });
  return { warnAfterMs: DEFAULT_WARN_MS, profiles, providers };
}
