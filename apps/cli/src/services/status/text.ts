import { formatRemaining } from '@clawdbot-auth/auth-store';
import { displayPath } from '@clawdbot-auth/command-kit';
import { recoveryCommand, recoveryFor } from '@clawdbot-auth/credentials';
import type { CandidateJson, OAuthProfileJson, ProbeJson, StatusJson } from './types.js';

/** Colours of the status report (the output channel's styles: no-ops off a TTY, with NO_COLOR or --no-color). */
export interface StatusPaint {
  good(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  heading(s: string): string;
}

const same = (s: string) => s;
/** No colour: files, pipes, tests. */
export const PLAIN: StatusPaint = { good: same, warn: same, bad: same, heading: same };

/** ok green, expiring (or refreshable) yellow, expired and missing red, as upstream colours them. */
function paintStatus(status: string, paint: StatusPaint): string {
  if (status === 'ok') return paint.good(status);
  if (status === 'expiring' || status === 'refreshable') return paint.warn(status);
  if (status === 'expired' || status === 'missing') return paint.bad(status);
  return status;
}

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
export function oauthLine(p: OAuthProfileJson, paint: StatusPaint = PLAIN): string {
  const source = p.source === 'store' ? '' : ` (${p.source})`;
  if (p.status === 'static') return `${p.label} static`;
  if (p.dead) {
    const fix = recoveryFor({
      kind: 'refresh_dead',
      provider: p.provider,
      profileId: p.profileId,
      type: p.type,
    });
    return `${p.label} ${paint.bad('expired')} (refresh token revoked: run ${recoveryCommand(fix)})${source}`;
  }
  if (p.status === 'refreshable') {
    const ago = p.remainingMs !== undefined ? ` ${formatDuration(p.remainingMs)} ago` : '';
    return `${p.label} ${paint.warn('refreshable')} (access token expired${ago}; refreshes on next use)${source}`;
  }
  const left = p.remainingMs !== undefined && p.remainingMs > 0 ? formatDuration(p.remainingMs) : '0m';
  return `${p.label} ${paintStatus(p.status, paint)} expires in ${left}${source}`;
}

function oauthLines(s: StatusJson, paint: StatusPaint): string[] {
  const withTokens = s.auth.oauth.providers
    .map((p) => ({
      provider: p.provider,
      profiles: p.profiles.filter((x) => x.type !== ('api_key' as string)),
    }))
    .filter((p) => p.profiles.length);
  if (!withTokens.length) return ['- none'];
  return withTokens.flatMap((p) => [
    `- ${p.provider}`,
    ...p.profiles.map((x) => `  - ${oauthLine(x, paint)}`),
  ]);
}

function unusableLines(s: StatusJson, paint: StatusPaint): string[] {
  if (!s.auth.unusableProfiles.length) return [];
  return [
    '',
    paint.heading('Unusable profiles'),
    ...s.auth.unusableProfiles.map((u) => {
      if (u.kind === 'unresolved_ref') {
        const fix = recoveryFor({ kind: 'unresolved_ref', provider: u.provider, profileId: u.profileId });
        return `- ${u.profileId} unresolved_ref: ${u.detail || 'reference did not resolve'} (${fix.why}): run ${recoveryCommand(fix)}`;
      }
      const what = paint.warn(u.kind === 'cooldown' ? 'cooldown' : `disabled (${u.reason})`);
      const left = u.remainingMs !== undefined ? ` for ${formatDuration(u.remainingMs)}` : '';
      return `- ${u.profileId} ${what}${left}: run clawdbot models auth cooldown clear --profile-id ${u.profileId}`;
    }),
  ];
}

function probeLines(probes: ProbeJson[] | undefined, paint: StatusPaint): string[] {
  if (!probes) return [];
  if (!probes.length) return ['', paint.heading('Probes'), '- none'];
  return [
    '',
    paint.heading('Probes'),
    ...probes.map((p) => {
      const head = `- ${p.profileId} (${p.provider}, ${p.model})`;
      if (p.status === 'ok') return `${head} ${paint.good('ok')} ${p.latencyMs ?? 0}ms`;
      return `${head} ${paint.bad(p.status)}${p.httpStatus ? ` (HTTP ${p.httpStatus})` : ''}${p.message ? `: ${p.message}` : ''}`;
    }),
  ];
}

function notUsedLine(c: CandidateJson): string {
  const left =
    c.remainingMs !== undefined && c.remainingMs > 0 ? `, ${formatDuration(c.remainingMs)} left` : '';
  const why = c.why ? ` (${c.why}${left})` : left ? ` (${left.slice(2)})` : '';
  return `  - ${c.id} not used: ${c.reasonCode ?? 'later in the order'}${why}${c.run ? `  run: ${c.run}` : ''}`;
}

/** A token the next request uses that expires soon and cannot refresh itself: what to run now. */
function expiringHint(s: StatusJson, id: string, paint: StatusPaint): string {
  const p = s.auth.oauth.profiles.find((x) => x.profileId === id);
  if (!p || p.status !== 'expiring' || p.refreshable) return '';
  const fix = recoveryFor({ kind: 'expiring', provider: p.provider, profileId: id, type: p.type });
  const left = p.remainingMs !== undefined ? `expires in ${formatDuration(p.remainingMs)}; ` : '';
  return paint.warn(`  (${left}it cannot refresh itself) run: ${recoveryCommand(fix)}`);
}

/** Ours: per provider, the credential the next request uses and why each other one is not it. */
function nextRequestLines(s: StatusJson, paint: StatusPaint): string[] {
  const providers = s.auth.providers.filter((p) => p.candidates.length > 0);
  if (!providers.length) return [];
  const lines = ['', paint.heading('Next request')];
  for (const p of providers) {
    const next = p.candidates.find((c) => c.next);
    lines.push(
      `- ${p.provider} next: ${next ? `${next.id} (${next.source})` : paint.bad('none (no usable credential)')}${next ? expiringHint(s, next.id, paint) : ''}`,
    );
    for (const c of p.candidates) if (!c.next) lines.push(notUsedLine(c));
  }
  return lines;
}

/** The text report, upstream's layout plus our extra sections; `paint` colours verdicts and headings. */
export function renderStatusText(s: StatusJson, home: string, paint: StatusPaint = PLAIN): string {
  const lines = [...modelsSection(s, home), '', paint.heading('Auth overview')];
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
    lines.push('', paint.heading('Missing auth'));
    for (const p of s.auth.missingProvidersInUse)
      lines.push(`- ${paint.bad(p)} ${s.auth.missingHints[p] ?? ''}`.trimEnd());
  }
  lines.push(...unusableLines(s, paint));
  lines.push('', paint.heading('OAuth/token status'), ...oauthLines(s, paint));
  lines.push(...nextRequestLines(s, paint));
  lines.push(...probeLines(s.probes, paint));
  return lines.join('\n');
}
