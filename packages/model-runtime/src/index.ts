/**
 * @clawdbot-auth/model-runtime: one model request with the resolver's credential, sessions,
 * `/model` directives, rotation and failover. The only public surface of the package.
 */

export { type IssuedCredential, type IssueOptions, issueCredential } from './broker.js';
export { type AllowedModel, listAllowedModels, normalizeRef, resolveSelector } from './directives/models.js';
export {
  type Directive,
  type ModelSelector,
  type ParsedMessage,
  parseDirectiveLine,
  parseMessage,
} from './directives/parse.js';
export { CLAUDE_CODE_ONLY_HINT, RuntimeError, type RuntimeErrorCode } from './errors.js';
export { type Explanation, explainTurn, type FailoverStep } from './explain.js';
export { type ProbeOutcome, type ProbeRequest, probeCredential } from './probe.js';
export { classifyFailure, errorMessage, type FailureKind } from './providers/classify.js';
export { type Endpoint, type ProviderApi, resolveEndpoint } from './providers/endpoint.js';
export {
  extractReply,
  type ModelRequest,
  type ModelResponse,
  type RequestCredential,
  sendModelRequest,
} from './providers/request.js';
export { type SessionEntry, SessionEntrySchema, type SessionsFile } from './sessions/schema.js';
export {
  defaultSessionKey,
  readSession,
  readSessions,
  resolveSessionsPath,
  type SessionMutator,
  updateSession,
} from './sessions/store.js';
export { DEFAULT_TIMEOUT_MS, runTurn, type TurnOptions, type TurnResult } from './turn.js';
export { type Attempt, describeAttempt, type RuntimeIO, type World } from './world.js';

/** Package name, for messages and diagnostics. */
export const PACKAGE_NAME = '@clawdbot-auth/model-runtime';
