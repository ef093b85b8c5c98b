/**
 * The commands the start-up fast path runs without oclif (src/fast-path.ts). Also the commands
 * that get a code cache of their own (src/code-cache.ts, loaded before the bundle: this module
 * imports nothing).
 */
export const FAST_COMMAND_IDS = [
  'models:status',
  'models:auth:list',
  'models:auth:order:get',
  'models:auth:token',
  // a command of the doctor plugin: its flags come from that package's manifest
  'doctor',
] as const;

export type FastCommandId = (typeof FAST_COMMAND_IDS)[number];
