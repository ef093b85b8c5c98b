import { type RuntimeContext, tildify } from './deps.js';
import { type DoctorResult, type Finding, SECTION_TITLES, SECTIONS, type Severity } from './types.js';

/** The JSON document version of `doctor --json` (bumped on an incompatible change). */
export const DOCTOR_JSON_VERSION = 1;

export interface RenderOptions {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function paint(on: boolean) {
  return (style: Style, text: string) => (on ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
}

const ICON: Record<Severity, [string, Style]> = {
  error: ['✗', 'red'],
  warn: ['!', 'yellow'],
  info: ['i', 'cyan'],
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning, 3 repaired" (infos only when there are some). */
export function summaryLine(result: DoctorResult): string {
  const s = result.summary;
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos > 0) parts.push(plural(s.infos, 'note'));
  parts.push(`${s.repaired} repaired`);
  return parts.join(', ');
}

const COMMAND = /^(clawdbot|claude|codex|chmod|security|mv) /;

/** Paths under HOME read as `~/...` in text output. */
function tildeAll(ctx: RuntimeContext, text: string): string {
  const home = ctx.homedir.replace(/[\\/]+$/, '');
  return home === '' ? text : text.replaceAll(`${home}/`, '~/');
}

function findingLines(ctx: RuntimeContext, f: Finding, c: ReturnType<typeof paint>): string[] {
  const [icon, style] = ICON[f.severity];
  const message = tildeAll(ctx, f.message);
  const lines = [`  ${c(style, icon)} ${message} ${c('dim', `[${f.id}]`)}`];
  if (f.file && !message.includes(tildify(ctx, f.file))) lines.push(`    file: ${tildify(ctx, f.file)}`);
  if (f.fix) lines.push(`    ${COMMAND.test(f.fix) ? 'run' : 'fix'}: ${c('bold', tildeAll(ctx, f.fix))}`);
  else if (f.repair)
    lines.push(`    repair: ${f.repair.describe} (clawdbot doctor --yes${f.repair.safe ? '' : ' --force'})`);
  return lines;
}

/** Text report: findings grouped by section, the repairs made, then the summary line. */
export function renderText(ctx: RuntimeContext, result: DoctorResult, opts: RenderOptions): string {
  const c = paint(opts.color);
  const out: string[] = [`Agent: ${result.agentId}`];
  for (const section of SECTIONS) {
    const found = result.findings.filter((f) => f.section === section);
    const fixed = result.repaired.filter((r) => r.section === section);
    out.push('', c('bold', SECTION_TITLES[section]));
    if (found.length === 0 && fixed.length === 0) out.push(`  ${c('green', '✓')} ok`);
    for (const r of fixed) out.push(`  ${c('green', '✓')} repaired: ${tildeAll(ctx, r.message)}`);
    for (const f of found) out.push(...findingLines(ctx, f, c));
  }
  const worst = result.summary.errors > 0 ? 'red' : result.summary.warnings > 0 ? 'yellow' : 'green';
  out.push('', c(worst, summaryLine(result)));
  return `${out.join('\n')}\n`;
}

/** The `--json` document (shape: schemas/doctor.schema.json). Repairs are described, never included as code. */
export function toJson(result: DoctorResult) {
  return {
    version: DOCTOR_JSON_VERSION,
    agentId: result.agentId,
    findings: result.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      section: f.section,
      ...(f.file ? { file: f.file } : {}),
      message: f.message,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.repair ? { repair: { describe: f.repair.describe, safe: f.repair.safe } } : {}),
    })),
    repaired: result.repaired,
    summary: result.summary,
  };
}

export type DoctorJson = ReturnType<typeof toJson>;
