/** Placeholder: the doctor's checks land in issue #8. */
export const DOCTOR_SECTIONS = [
  'config',
  'auth-store',
  'sync',
  'credentials',
  'consistency',
  'environment',
  'legacy',
] as const;
