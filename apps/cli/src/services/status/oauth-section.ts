import {
  type Credential,
  DEFAULT_WARN_MS,
  idsByProvider,
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
  const ids = idsByProvider(facts.store.profiles).get(provider) ?? [];
  return ids.map((id) => [id, facts.store.profiles[id] as Credential]);
}

/** The first candidate and the first picture of each id, over every provider (made once per section). */
interface Seen {
  candidates: Map<string, { fingerprint: string }>;
  pictures: Map<string, { eligible: boolean; reasonCode?: string }>;
}

function firstById<T extends { id: string }>(items: T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) if (!out.has(item.id)) out.set(item.id, item);
  return out;
}

function oauthProfileJson(facts: StatusFacts, seen: Seen, id: string, cred: Credential): OAuthProfileJson {
  const dead = isProfileDead(facts.store, id, cred);
  const h = profileHealth(cred, facts.now, DEFAULT_WARN_MS, { dead });
  const candidate = seen.candidates.get(id);
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
  const pictured = seen.pictures.get(id);
  if (pictured) {
    out.eligible = pictured.eligible;
    if (pictured.reasonCode) out.reasonCode = pictured.reasonCode as OAuthProfileJson['reasonCode'];
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
  const seen: Seen = {
    candidates: firstById(facts.resolutions.flatMap((r) => r.candidates)),
    pictures: firstById(facts.pictures.flatMap((p) => p.candidates)),
  };
  const profiles = withTokens.flatMap((p) =>
    profilesOf(facts, p)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, c]) => oauthProfileJson(facts, seen, id, c)),
  );
  const names = [...new Set([...facts.report.providersInUse, ...withTokens])].sort();
  const byProvider = new Map<string, OAuthProfileJson[]>();
  for (const p of profiles) {
    const list = byProvider.get(p.provider);
    if (list) list.push(p);
    else byProvider.set(p.provider, [p]);
  }
  const providers = names.map((provider): OAuthProviderJson => {
    const mine = byProvider.get(provider) ?? [];
    const own = mine.filter((p) => p.type !== ('api_key' as string));
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
      profiles: mine,
    };
    const timed = own.filter((p) => p.expiresAt !== undefined).sort((a, b) => a.expiresAt! - b.expiresAt!);
    if (timed[0]) Object.assign(out, { expiresAt: timed[0].expiresAt, remainingMs: timed[0].remainingMs });
    return out;
  });
  return { warnAfterMs: DEFAULT_WARN_MS, profiles, providers };
}
