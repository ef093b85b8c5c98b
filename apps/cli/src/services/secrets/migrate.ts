import { displayPath } from '@clawdbot-auth/command-kit';
import type { MigrateStep, SecretMigration, SecretStorage } from '@clawdbot-auth/credentials';
import type { CliEnvironment } from '../../context.js';

const STEP_TEXT: Record<MigrateStep['step'], string> = {
  copied: 'copied to the keyring and read back',
  scrubbed: 'removed from the store file',
  read: 'read from the keyring',
  inlined: 'written to the store file',
  deleted: 'keyring item deleted',
  settled: 'done',
};

/** One progress line per step (stderr): which profile and what is now true. */
export function stepLine(s: MigrateStep): string {
  return `${s.profileId}: ${STEP_TEXT[s.step]}`;
}

/**
 * `secrets migrate --to keyring|file` for the selected agent.
 * @throws KEYRING_UNAVAILABLE, SECRET_REF_UNRESOLVED, STORE_PARSE_FAILED, STORE_LOCK_FAILED
 */
export async function runSecretsMigrate(
  env: CliEnvironment,
  to: SecretStorage,
  onStep: (s: MigrateStep) => void,
): Promise<SecretMigration> {
  const { migrateSecrets } = await import('@clawdbot-auth/credentials');
  try {
    return await migrateSecrets(env.ctx, env.agentId, to, { onStep });
  } catch (err) {
    const e = err as { code?: string; hint?: string };
    // The keyring's own hint offers --insecure-storage, which has no meaning here.
    if (e.code === 'KEYRING_UNAVAILABLE') {
      e.hint = `${process.platform === 'linux' ? 'start a Secret Service (gnome-keyring-daemon --unlock --components=secrets in a D-Bus session)' : 'unlock the keychain'}, then run the command again; every secret is still usable where it was`;
    }
    throw err;
  }
}

/**
 * `secrets migrate --all-agents`: every agent credentials knows of (main, the configured
 * default, config agents.list, every <state>/agents/<id>), one after the other. A failure stops
 * the run there; what the agents before it moved stays moved and valid.
 * @throws as runSecretsMigrate (the message names the agent)
 */
export async function runSecretsMigrateAll(
  env: CliEnvironment,
  to: SecretStorage,
  onStep: (agentId: string, s: MigrateStep) => void,
): Promise<SecretMigration[]> {
  const { knownAgentIds } = await import('@clawdbot-auth/credentials');
  const out: SecretMigration[] = [];
  for (const agentId of knownAgentIds(env.ctx, env.loaded)) {
    try {
      out.push(await runSecretsMigrate({ ...env, agentId }, to, (s) => onStep(agentId, s)));
    } catch (err) {
      const e = err as { message?: string };
      if (typeof e.message === 'string') e.message = `agent ${agentId}: ${e.message}`;
      throw err;
    }
  }
  return out;
}

/** Text of an --all-agents run: each agent's lines under its name. */
export function renderMigrateAll(env: CliEnvironment, runs: readonly SecretMigration[]): string {
  return runs.map((r) => `Agent ${r.agentId}:\n${indent(renderMigrate(env, r))}`).join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

/** Text of a run: what moved, what was cleaned up, what stays and why. */
export function renderMigrate(env: CliEnvironment, r: SecretMigration): string {
  const where = r.to === 'keyring' ? 'the OS keyring' : displayPath(env.ctx.homedir, r.storePath);
  const lines: string[] = [];
  for (const m of r.moved) lines.push(`Moved ${m.profileId} (${m.type} #${m.fingerprint}) to ${where}.`);
  for (const id of r.cleaned) lines.push(`Deleted the emptied keyring item of ${id}.`);
  for (const s of r.skipped) lines.push(`Kept ${s.profileId}: ${s.reason}.`);
  if (r.moved.length === 0 && r.cleaned.length === 0) {
    lines.push(
      r.already.length
        ? `Nothing to move: ${r.already.length} secret(s) already in ${where}.`
        : 'Nothing to move: no API key or token in this agent.',
    );
  }
  return lines.join('\n');
}
