/** Programmatic entry of the clawdbot CLI, and the types plugin authors use. */
export { run } from '@oclif/core';
export { EXIT, type ExitCode, exitCodeFor } from './exit-codes.js';
export type {
  LoginIO,
  LoginMethod,
  LoginMethodsHookOptions,
  LoginMethodsHookResult,
  LoginOutcome,
} from './services/auth/login-methods.js';
