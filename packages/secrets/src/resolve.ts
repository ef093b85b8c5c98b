import { expandHome, type RuntimeContext } from '@clawdbot-auth/env-loader';
import { SecretsError } from './errors.js';
import { runExecProvider } from './exec.js';
import { readFileProvider } from './file.js';
import { rememberResolved } from './resolved.js';
import {
  DEFAULT_PROVIDER,
  type ExecProvider,
  refProviderName,
  type SecretProvider,
  type SecretRef,
  type SecretSource,
  type SecretsConfig,
} from './schema.js';

/** What resolving needs: the environment (env refs, `passEnv`), HOME, and `secrets` of the config. */
export interface SecretContext {
  ctx: Pick<RuntimeContext, 'env' | 'homedir' | 'cwd' | 'platform' | 'now'>;
  secrets?: SecretsConfig | undefined;
}

/** One ref's outcome: the value, or a one-line reason that never holds resolver output. */
export type RefOutcome = { ok: true; value: string } | { ok: false; reason: string };

/** The provider entry a ref resolves through; `default` of env is built in. */
function providerFor(
  sc: SecretContext,
  ref: SecretRef,
): { name: string; provider: SecretProvider } | { name: string; reason: string } {
  const name = refProviderName(ref, sc.secrets);
  const entry = sc.secrets?.providers?.[name];
  if (entry && entry.source === ref.source) return { name, provider: entry };
  if (ref.source === 'env' && name === DEFAULT_PROVIDER) return { name, provider: { source: 'env' } };
  if (entry)
    return { name, reason: `secrets.providers.${name} is a ${entry.source} provider, not ${ref.source}` };
  return { name, reason: `secrets.providers.${name} is not configured` };
}

function resolveEnv(sc: SecretContext, name: string, allowlist: readonly string[] | undefined, id: string) {
  if (allowlist && !allowlist.includes(id))
    return { ok: false, reason: `${id} is not in secrets.providers.${name}.allowlist` } as const;
  const value = sc.ctx.env[id];
  if (value === undefined || value.trim() === '')
    return { ok: false, reason: `environment variable ${id} is not set` } as const;
  return { ok: true, value: value.trim() } as const;
}

/**
 * Resolves refs in order; exec refs are batched, one run per provider.
 * @throws never (failures are outcomes)
 */
export async function resolveSecretRefs(
  sc: SecretContext,
  refs: readonly SecretRef[],
): Promise<RefOutcome[]> {
  const out: RefOutcome[] = new Array(refs.length);
  const batches = new Map<string, { provider: ExecProvider; ids: Set<string>; at: number[] }>();
  for (const [i, ref] of refs.entries()) {
    const found = providerFor(sc, ref);
    const label = `${ref.source} provider "${found.name}"`;
    if ('reason' in found) {
      out[i] = { ok: false, reason: found.reason };
      continue;
    }
    const p = found.provider;
    if (p.source === 'env') {
      out[i] = resolveEnv(sc, found.name, p.allowlist, ref.id);
    } else if (p.source === 'file') {
      const r = await readFileProvider(expandHome(sc.ctx as RuntimeContext, p.path), p, ref.id);
      out[i] = typeof r === 'string' ? { ok: false, reason: `${label}: ${r}` } : { ok: true, value: r.value };
    } else {
      const batch = batches.get(found.name) ?? { provider: p, ids: new Set<string>(), at: [] };
      batch.ids.add(ref.id);
      batch.at.push(i);
      batches.set(found.name, batch);
    }
  }
  for (const [name, batch] of batches) {
    const answer = await runExecProvider(name, batch.provider, [...batch.ids], {
      env: sc.ctx.env,
      cwd: sc.ctx.homedir,
    });
    for (const i of batch.at) {
      const id = (refs[i] as SecretRef).id;
      const label = `exec provider "${name}"`;
      const one = typeof answer === 'string' ? { reason: answer } : answer.get(id);
      out[i] =
        one && 'value' in one
          ? { ok: true, value: one.value }
          : { ok: false, reason: `${label}: ${one?.reason ?? 'returned no value'}` };
    }
  }
  for (const o of out) if (o.ok) rememberResolved(o.value);
  return out;
}

/**
 * The secret behind one ref.
 * @throws SECRET_REF_UNRESOLVED (message names the field and why, never resolver output)
 */
export async function resolveSecretRef(sc: SecretContext, ref: SecretRef, field = 'ref'): Promise<string> {
  const [outcome] = await resolveSecretRefs(sc, [ref]);
  if (outcome?.ok) return outcome.value;
  throw new SecretsError(
    'SECRET_REF_UNRESOLVED',
    `${field} could not be resolved: ${outcome?.reason ?? 'unknown'}`,
    {
      hint: 'check secrets.providers in clawdbot.json and the resolver, then run: clawdbot models status --check',
    },
  );
}

/** True for sources that resolve without starting a process (status may check them). */
export function isCheapSource(source: SecretSource): boolean {
  return source !== 'exec';
}
