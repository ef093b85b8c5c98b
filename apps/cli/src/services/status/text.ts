import { formatRemaining } from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import { recoveryCommand, recoveryFor } from '@clawdbot-auth/credentials';
import type { CandidateJson, OAuthProfileJson, ProbeJson, StatusJson } from './types.js';

/** Upstream pads labels to 14 characters: `Config        : ...`. */
const row = (label: string, value: string) => `${label.padEnd(14)}: ${value}`;
const list = (items: string[]) => (items.length ? items.join(', ') : '-');

/** Remaining (or elapsed) time: minutes under 1 h, hours under 48 h, else days (rounded). */
export function formatDuration(ms: number): string {
  return formatRemaining(Math.abs(ms));
}

function modelsSection(s: StatusJson, home: string): string[] {
  const aliases = Object.entries(s.aliases).map(([a, ref]) => `${a} -> ${ref}`);
  const from = s.resolvedDefault !== s.defaultModel ? ` (from ${s.defaultModel})` : '';
  return [
    row('Config', displayPath(home, s.configPath)),
    row('Agent dir', displayPath(home, s.agentDir)),
    row('Default', `${s.resolvedDefault}${from}`),
    row(`Fallbacks (${s.fallbacks.length})`, list(s.fallbacks)),
    row('Image model', s.imageModel ?? '-'),
    row(`Image fallbacks (${s.imageFallbacks.length})`, list(s.imageFallbacks)),
    row(`Aliases (${aliases.length})`, list(aliases)),
    row(`Configured models (${s.allowed.length})`, s.allowed.length ? s.allowed.join(', ') : 'all'),
  ];
}

function providerLines(s: StatusJson): string[] {
  return s.auth.providers.map((p) => {
    const parts = [`- ${p.provider} effective=${p.effective.kind}:${p.effective.detail}`];
    if (p.profiles.count) {
      const { count, oauth, token, apiKey } = p.profiles;
      parts.push(`profiles=${count} (oauth=${oauth}, token=${token}, api_key=${apiKey})`);
      parts.push(p.profiles.labels.join(', '));
    }
    if (p.env) {
      parts.push(`env=${p.env.value}`);
      const where = p.env.origin.path
        ? ` (${p.env.origin.path})`
        : p.env.origin.kind === 'config-env'
          ? ' (config env)'
          : '';
      parts.push(`source=${p.env.source}${where}`);
    }
    if (p.modelsJson && !p.env)
      parts.push(`models.json=${p.modelsJson.value}`, `source=${p.modelsJson.source}`);
    return parts.join(' | ');
  });
}

/** One OAuth/token status line; ours spells out refreshable and dead logins. */
export function oauthLine(p: OAuthProfileJson): string {
  const source = p.source === 'store' ? '' : ` (${p.source})`;
  if (p.status === 'static') return `${p.label} static`;
  if (p.dead) {
    const fix = recoveryFor({
      kind: 'refresh_dead',
      provider: p.provider,
      profileId: p.profileId,
      type: p.type,
    });
    return `${p.label} expired (refresh token revoked: run ${recoveryCommand(fix)})${source}`;
  }
  if (p.status === 'refreshable') {
    const ago = p.remainingMs !== undefined ? ` ${formatDuration(p.remainingMs)} ago` : '';
    return `${p.label} refreshable (access token expired${ago}; refreshes on next use)${source}`;
  }
  const left = p.remainingMs !== undefined && p.remainingMs > 0 ? formatDuration(p.remainingMs) : '0m';
  return `${p.label} ${p.status} expires in ${left}${source}`;
}

function oauthLines(s: StatusJson): string[] {
  const withTokens = s.auth.oauth.providers
    .map((p) => ({
      provider: p.provider,
      profiles: p.profiles.filter((x) => x.type !== ('api_key' as string)),
    }))
    .filter((p) => p.profiles.length);
  if (!withTokens.length) return ['- none'];
  return withTokens.flatMap((p) => [`- ${p.provider}`, ...p.profiles.map((x) => `  - ${oauthLine(x)}`)]);
}

function unusableLines(s: StatusJson): string[] {
  if (!s.auth.unusableProfiles.length) return [];
  return [
    '',
    'Unusable profiles',
    ...s.auth.unusableProfiles.map((u) => {
      if (u.kind === 'unresolved_ref') {
        const fix = recoveryFor({ kind: 'unresolved_ref', provider: u.provider, profileId: u.profileId });
        return `- ${u.profileId} unresolved_ref: ${u.detail || 'reference did not resolve'} (${fix.why}): run ${recoveryCommand(fix)}`;
      }
      const what = u.kind === 'cooldown' ? 'cooldown' : `disabled (${u.reason})`;
      const left = u.remainingMs !== undefined ? ` for ${formatDuration(u.remainingMs)}` : '';
      return `- ${u.profileId} ${what}${left}: run clawdbot models auth cooldown clear --profile-id ${u.profileId}`;
    }),
  ];
}

function probeLines(probes: ProbeJson[] | undefined): string[] {
  if (!probes) return [];
  if (!probes.length) return ['', 'Probes', '- none'];
  return [
    '',
    'Probes',
    ...probes.map((p) => {
      const head = `- ${p.profileId} (${p.provider}, ${p.model})`;
      if (p.status === 'ok') return `${head} ok ${p.latencyMs ?? 0}ms`;
      return `${head} ${p.status}${p.httpStatus ? ` (HTTP ${p.httpStatus})` : ''}${p.message ? `: ${p.message}` : ''}`;
    }),
  ];
}

function notUsedLine(c: CandidateJson): string {
  const left =
    c.remainingMs !== undefined && c.remainingMs > 0 ? `, ${formatDuration(c.remainingMs)} left` : '';
  const why = c.why ? ` (${c.why}${left})` : left ? ` (${left.slice(2)})` : '';
  return `  - ${c.id} not used: ${c.reasonCode ?? 'later in the order'}${why}${c.run ? `  run: ${c.run}` : ''}`;
}

/** Ours: per provider, the credential the next request uses and why each other one is not it. */
function nextRequestLines(s: StatusJson): string[] {
  const providers = s.auth.providers.filter((p) => p.candidates.length > 0);
  if (!providers.length) return [];
  const lines = ['', 'Next request'];
  for (const p of providers) {
    const next = p.candidates.find((c) => c.next);
    lines.push(
      `- ${p.provider} next: ${next ? `${next.id} (${next.source})` : 'none (no usable credential)'}`,
    );
    for (const c of p.candidates) if (!c.next) lines.push(notUsedLine(c));
  }
  return lines;
}

/** The text report, upstream's layout plus our extra sections. */
export function renderStatusText(s: StatusJson, home: string): string {
  const lines = [...modelsSection(s, home), '', 'Auth overview'];
  const where = displayPath(home, s.auth.storePath);
  lines.push(row('Auth store', s.auth.storeBackend === 'etcd' ? `${where} (etcd)` : where));
  const shell = s.auth.shellEnvFallback;
  const applied = shell.appliedKeys.length ? ` (applied: ${shell.appliedKeys.join(', ')})` : '';
  lines.push(row('Shell env', shell.enabled ? `on${applied}` : 'off'));
  lines.push(
    `Providers w/ OAuth/tokens (${s.auth.providersWithOAuth.length}): ${list(s.auth.providersWithOAuth)}`,
  );
  lines.push(...providerLines(s));
  for (const problem of s.auth.problems) lines.push(`- ${problem.path}: ${problem.message}`);
  if (s.auth.missingProvidersInUse.length) {
    lines.push('', 'Missing auth');
    for (const p of s.auth.missingProvidersInUse)
      lines.push(`- ${p} ${s.auth.missingHints[p] ?? ''}`.trimEnd());
  }
  lines.push(...unusableLines(s));
  lines.push('', 'OAuth/token status', ...oauthLines(s));
  lines.push(...nextRequestLines(s));
  lines.push(...probeLines(s.probes));
  return lines.join('\n');
}
