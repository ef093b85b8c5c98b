/** The credential events the journal records. */
export const AUTH_EVENT_KINDS = [
  'imported',
  'synced',
  'refreshed',
  'rotation-adopted',
  'refresh-failed',
  'marked-dead',
  'cooldown-set',
  'cooldown-cleared',
  'disabled',
  'removed',
  'tombstoned',
  'order-changed',
  'login',
  'paste',
  'token-issued',
] as const;

export type AuthEventKind = (typeof AUTH_EVENT_KINDS)[number];

/** What the emitter knows; the writer adds time, host, pid and command. */
export interface AuthEventInput {
  event: AuthEventKind;
  agent?: string;
  profileId?: string;
  /** short fingerprint of the credential's secret after the event (never the secret) */
  fingerprint?: string;
  /** why: a failure reason, the source of an import, the command that handed a token out */
  cause?: string;
  /** OAuth: fingerprint of the refresh token the event acted on (a refresh spends it) */
  generation?: string;
  /** the store file the entry lives in */
  store?: string;
}

/** One journal line. */
export interface AuthEvent extends AuthEventInput {
  /** ISO 8601 */
  time: string;
  host: string;
  pid: number;
  command: string;
}
