import type { RuntimeContext } from './deps.js';
import type { DoctorState } from './state.js';

/** The sections of a report, in the order they are run and printed. */
export const SECTIONS = [
  'config',
  'auth-store',
  'sync',
  'credentials',
  'consistency',
  'environment',
  'legacy',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Human titles of the sections, for text output. */
export const SECTION_TITLES: Readonly<Record<Section, string>> = {
  config: 'Config',
  'auth-store': 'Auth store',
  sync: 'Claude Code / Codex sync',
  credentials: 'Credentials',
  consistency: 'Consistency',
  environment: 'Environment',
  legacy: 'Legacy files',
};

export type Severity = 'error' | 'warn' | 'info';

/** A change doctor can make to fix a finding. `safe` repairs run under --non-interactive too. */
export interface Repair {
  describe: string;
  safe: boolean;
  /** Applies the change; returns what was done (one line each) when it is more than `describe`. */
  apply(): Promise<string[] | undefined> | Promise<void>;
}

/** One thing a check found. Messages name the file or profile and never carry secret bytes. */
export interface Finding {
  id: string;
  severity: Severity;
  section: Section;
  file?: string;
  message: string;
  /** The exact command to run next. */
  fix?: string;
  repair?: Repair;
}

/** A check: reads the shared, lazily gathered state and returns its findings. */
export interface Check {
  id: string;
  section: Section;
  run(ctx: RuntimeContext, state: DoctorState): Promise<Finding[]>;
}

export interface DoctorOptions {
  /** Agent whose store is checked (default: the configured default agent). */
  agentId?: string;
  /** Apply the safe repairs without asking (--yes, --repair, --fix, --non-interactive). */
  repair?: boolean;
  /** With `repair`, also apply the repairs not marked safe (--force). */
  force?: boolean;
  /** Without `repair`: ask before each repair through `confirm` (a TTY and no --non-interactive). */
  interactive?: boolean;
  /** Run the slow checks (login-shell import). */
  deep?: boolean;
  /** Asked before each repair when `interactive` (safe ones default to yes, the others to no). */
  confirm?: (finding: Finding) => Promise<boolean>;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
  /** Checks to run (default: all). */
  checks?: readonly Check[];
}

/** A repair that was applied. */
export interface RepairedItem {
  id: string;
  section: Section;
  file?: string;
  message: string;
}

export interface DoctorSummary {
  errors: number;
  warnings: number;
  infos: number;
  repaired: number;
}

export interface DoctorResult {
  agentId: string;
  /** What remains after repairs (the findings of the last pass). */
  findings: Finding[];
  repaired: RepairedItem[];
  summary: DoctorSummary;
}
