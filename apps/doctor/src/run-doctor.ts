import { CHECKS } from './checks/index.js';
import { type RuntimeContext, realPathCheck, redactText } from './deps.js';
import { toErrorLike } from './errors.js';
import { DoctorState } from './state.js';
import type { Check, DoctorOptions, DoctorResult, DoctorSummary, Finding, RepairedItem } from './types.js';

/** Check passes at most: a repair can uncover more (a legacy import brings a store to check). */
const MAX_PASSES = 4;

const keyOf = (f: Finding) => `${f.id}\u0000${f.file ?? ''}\u0000${f.message}`;

async function collect(
  checks: readonly Check[],
  state: DoctorState,
  opts: DoctorOptions,
): Promise<Finding[]> {
  const out: Finding[] = [];
  let section = '';
  for (const check of checks) {
    if (check.section !== section) {
      section = check.section;
      opts.progress?.(`checking ${section}…`);
    }
    try {
      out.push(...(await check.run(state.ctx, state)));
    } catch (err) {
      const e = toErrorLike(err);
      out.push({
        id: 'doctor.check-failed',
        severity: 'error',
        section: check.section,
        ...(e.path ? { file: e.path } : {}),
        message: `check ${check.id} failed: ${e.message}${e.code === 'UNEXPECTED' ? ' (please report)' : ''}`,
        ...(e.hint ? { fix: e.hint } : {}),
      });
    }
  }
  return out;
}

/** Whether this run may apply this repair (and the user agreed, when asked). */
async function allowed(f: Finding, opts: DoctorOptions): Promise<boolean> {
  if (!f.repair) return false;
  if (opts.repair) return f.repair.safe || opts.force === true;
  return opts.interactive === true && opts.confirm !== undefined && (await opts.confirm(f));
}

async function applyOne(f: Finding, opts: DoctorOptions, repaired: RepairedItem[], failures: Finding[]) {
  const repair = f.repair as NonNullable<Finding['repair']>;
  opts.progress?.(`repairing: ${repair.describe}`);
  const base = { id: f.id, section: f.section, ...(f.file ? { file: f.file } : {}) };
  try {
    const lines = (await repair.apply()) ?? [repair.describe];
    for (const message of lines.length > 0 ? lines : [repair.describe]) repaired.push({ ...base, message });
  } catch (err) {
    const e = toErrorLike(err);
    failures.push({
      ...base,
      id: `${f.id}.repair-failed`,
      severity: 'error',
      message: `could not repair (${repair.describe}): ${e.message}`,
      ...(e.hint || f.fix ? { fix: e.hint ?? f.fix } : {}),
    });
  }
}

function summarize(findings: Finding[], repaired: RepairedItem[]): DoctorSummary {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return { errors: count('error'), warnings: count('warn'), infos: count('info'), repaired: repaired.length };
}

/**
 * Second net behind the field-level care of each check: no secret pattern leaves doctor, in a
 * message, a fix or a repair's description. A real path stays whole (it exists, or its
 * directory does, as for a file a repair creates or moved), so the command that names it runs.
 */
function scrubber(ctx: RuntimeContext): (text: string) => string {
  const isPath = realPathCheck(ctx.homedir);
  return (text) => redactText(text, [], { isPath });
}

function scrub(f: Finding, clean: (text: string) => string): Finding {
  return {
    ...f,
    message: clean(f.message),
    ...(f.fix ? { fix: clean(f.fix) } : {}),
    ...(f.repair ? { repair: { ...f.repair, describe: clean(f.repair.describe) } } : {}),
  };
}

/**
 * Runs every check, applies the repairs the options allow (then checks again, so the
 * findings are what remains), and returns findings, repairs and a summary.
 * Never throws for a broken input: each problem is a finding. @throws nothing by design
 */
export async function runDoctor(ctx: RuntimeContext, opts: DoctorOptions = {}): Promise<DoctorResult> {
  const checks = opts.checks ?? CHECKS;
  const repaired: RepairedItem[] = [];
  const failures: Finding[] = [];
  const attempted = new Set<string>();
  let findings: Finding[] = [];
  let agentId = opts.agentId ?? 'main';
  for (let pass = 0; ; pass++) {
    const state = new DoctorState(
      { ...ctx, env: { ...ctx.env } },
      {
        ...(opts.agentId ? { agentId: opts.agentId } : {}),
        deep: opts.deep === true,
        allowLegacyImport: pass > 0 && opts.repair === true,
      },
    );
    findings = await collect(checks, state, opts);
    agentId = await state.agentId().catch(() => agentId);
    if (pass === MAX_PASSES - 1) break;
    const todo = findings.filter((f) => f.repair && !attempted.has(keyOf(f)));
    let applied = 0;
    for (const f of todo) {
      attempted.add(keyOf(f));
      if (!(await allowed(f, opts))) continue;
      await applyOne(f, opts, repaired, failures);
      applied++;
    }
    if (applied === 0) break;
  }
  const clean = scrubber(ctx);
  findings = [...findings, ...failures].map((f) => scrub(f, clean));
  return {
    agentId,
    findings,
    repaired: repaired.map((r) => ({ ...r, message: clean(r.message) })),
    summary: summarize(findings, repaired),
  };
}
