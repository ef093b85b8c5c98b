import type { Explanation } from '@clawdbot-auth/model-runtime';
import type { CliEnvironment } from '../../context.js';
import { formatDuration } from '../status/text.js';

export type ExplainResult = Explanation;

/** The runtime's decision for the next request, read-only. @throws STORE_PARSE_FAILED, SESSIONS_PARSE_FAILED */
export async function explainAuth(
  env: CliEnvironment,
  opts: { model?: string; provider?: string; session?: string },
): Promise<ExplainResult> {
  const { explainTurn } = await import('@clawdbot-auth/model-runtime');
  return explainTurn(env.ctx, {
    agentId: env.agentId,
    loaded: env.loaded,
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.provider ? { provider: opts.provider } : {}),
    ...(opts.session ? { sessionKey: opts.session } : {}),
  });
}

const ORDER_FROM: Record<Explanation['orderSource'], string> = {
  'session-pin': 'the session pin',
  store: 'the per-agent order (models auth order set)',
  config: 'config auth.order',
  profiles: 'config auth.profiles',
  stored: 'stored profiles, round robin (oauth, token, api_key; least recently used first)',
  none: 'no profiles',
};

function stepLine(s: Explanation['failover'][number]): string {
  const what = { rate_limit: '429 rate limit', auth: '401 auth', billing: 'billing error' }[s.failure];
  const refresh = s.refreshFirst ? 'one forced refresh and retry, then ' : '';
  const hold =
    s.holdMs !== undefined ? `held ${formatDuration(s.holdMs)}` : 'not held (not a stored profile)';
  const next = s.next
    ? `next: ${s.next}`
    : s.nextModel
      ? `next model: ${s.nextModel}`
      : 'nothing left: the turn fails';
  return `- ${what}: ${refresh}${hold}; ${next}`;
}

/** Text of `models auth explain`. */
export function renderExplain(r: ExplainResult): string {
  const lines = [
    `Agent: ${r.agentId}`,
    `Session: ${r.sessionKey}${r.pin ? ` (pin: ${r.pin.profileId}, ${r.pin.source})` : ''}`,
    `Model: ${r.model}`,
    `Order from: ${ORDER_FROM[r.orderSource]}`,
    '',
    'Candidates',
  ];
  if (!r.candidates.length) lines.push('- none');
  for (const c of r.candidates) {
    const left =
      c.remainingMs !== undefined && c.remainingMs > 0 ? `, ${formatDuration(c.remainingMs)} left` : '';
    const head = `- ${c.id} (${c.type ?? 'unknown'}, ${c.source})`;
    if (c.next) lines.push(`${head} winner`);
    else if (c.eligible) lines.push(`${head} eligible, tried after the winner`);
    else
      lines.push(
        `${head} excluded: ${c.reasonCode}${left}${c.recovery ? `  run: ${c.recovery.run.join(', then: ')}` : ''}`,
      );
  }
  lines.push('', `Winner: ${r.winner ?? 'none'} (${r.why})`);
  if (r.winner) lines.push('', 'If the winner fails', ...r.failover.map(stepLine));
  return lines.join('\n');
}
