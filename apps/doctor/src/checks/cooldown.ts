import { clearCooldown, isInCooldown } from '../deps.js';
import { formatRemaining } from '../fixes.js';
import type { Check, Finding } from '../types.js';

/** consistency.cooldown: profiles in cooldown or disabled (billing), with the time left. */
export const cooldownCheck: Check = {
  id: 'consistency.cooldown',
  section: 'consistency',
  async run(ctx, state) {
    const agentId = await state.agentId();
    const r = await state.store(agentId);
    if (r.kind !== 'ok') return [];
    const now = ctx.now();
    const out: Finding[] = [];
    for (const [profileId, stats] of Object.entries(r.view.store.usageStats ?? {})) {
      const hit = isInCooldown(stats, now);
      if (!hit) continue;
      const billing = hit.reason === 'billing';
      out.push({
        id: billing ? 'consistency.disabled' : 'consistency.cooldown',
        severity: 'warn',
        section: 'consistency',
        file: r.view.path,
        message: billing
          ? `${profileId} is disabled for billing for ${formatRemaining(hit.until - now)} more (check the account's credits)`
          : `${profileId} is in cooldown for ${formatRemaining(hit.until - now)} more after ${stats.errorCount ?? 1} failure(s)`,
        fix: `clawdbot models auth cooldown clear --profile-id ${profileId}${agentId === 'main' ? '' : ` --agent ${agentId}`}`,
        repair: {
          describe: `cleared the ${billing ? 'billing disable' : 'cooldown'} of ${profileId}`,
          safe: !billing,
          apply: async () => {
            await clearCooldown(ctx, agentId, { profileId });
          },
        },
      });
    }
    return out;
  },
};
