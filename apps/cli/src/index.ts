/** Programmatic entry of the clawdbot CLI, and the types plugin authors use. */

export { EXIT, type ExitCode, exitCodeFor } from '@clawdbot-auth/command-kit';
export { run } from '@oclif/core';
export type {
  LoginIO,
  LoginMethod,
  LoginMethodsHookOptions,
  LoginMethodsHookResult,
  LoginOutcome,
} from './services/auth/login-methods.js';
