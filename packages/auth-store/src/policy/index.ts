export {
  applyFailure,
  applySuccess,
  billingBaseHours,
  billingDisableMs,
  type CooldownConfig,
  clearCooldownStats,
  cooldownMs,
  isInCooldown,
  unavailableUntil,
} from './cooldown.js';
